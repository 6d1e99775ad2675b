import { isAppUrl } from './app-origin';

// Copy buttons (a connection URI, a restore command) write to the clipboard; that is all a
// backup console needs. No camera, notifications, geolocation, HID, serial, reading the clipboard…
const permissionsGrantedToApp: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Whether a page at `requestingUrl` gets a web permission: only the few above, only for our own pages. */
export function isPermissionGranted(permission: string, requestingUrl: string): boolean {
  return permissionsGrantedToApp.has(permission) && isAppUrl(requestingUrl);
}
