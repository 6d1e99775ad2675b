import { shell } from 'electron';
import { describeUrlForLog, isOpenableExternally } from './navigation-policy';

/**
 * The one way anything leaves the app for the user's browser (links in pages, the Help menu).
 * Resolves false, having opened nothing, for anything but an https URL.
 */
export async function openExternal(url: string): Promise<boolean> {
  if (!isOpenableExternally(url)) {
    console.warn(`Refused to open ${describeUrlForLog(url)} outside the app: only https links are opened.`);
    return false;
  }
  try {
    await shell.openExternal(url);
    return true;
  } catch (error) {
    console.warn(`Could not open a link in the browser: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
