import type { WebContents } from 'electron';
import { describeUrlForLog, isAllowedNavigation } from './navigation-policy';
import { openExternal } from './open-external';

/**
 * Keeps every web contents (windows, and anything else Chromium creates) on our own pages:
 * navigations and redirects elsewhere are stopped, new windows are refused (an https link goes
 * to the user's browser instead) and <webview> is never attached. Electron's security checklist,
 * items 13–15.
 */
export function guardWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url);
    return { action: 'deny' };
  });

  // will-frame-navigate covers the main frame and iframes alike (will-navigate: the main frame only).
  contents.on('will-frame-navigate', (event) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    console.warn(`Blocked navigation to ${describeUrlForLog(event.url)}: Tidemark shows only its own pages.`);
  });

  contents.on('will-redirect', (event) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    console.warn(`Blocked a redirect to ${describeUrlForLog(event.url)}.`);
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}
