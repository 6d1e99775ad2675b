import type { Session } from 'electron';
import { isPermissionGranted } from './permission-policy';

// The renderer talks to the services through window.tidemark only; it has no reason to reach
// any network, and the CSP already says so. This is the second lock on the same door.
const remoteUrlPatterns = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

/** What pages in `session` may do: no web permissions beyond permission-policy.ts, no network. */
export function applySessionPolicy(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: remoteUrlPatterns }, (_details, callback) => {
    callback({ cancel: true });
  });
}
