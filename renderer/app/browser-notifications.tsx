import { useEffect } from 'react';
import { useBridge } from '../bridge/bridge-context';
import { useRequest } from '../bridge/use-request';

export type BrowserNotificationState = NotificationPermission | 'unsupported';

/** Whether this browser will show Tidemark's notifications: granted, denied, not asked yet (default), or no API at all. */
export function browserNotificationState(): BrowserNotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * Asks the browser for permission to show notifications. Browsers allow the question only in
 * answer to a click (and many stop asking after a refusal), so it is asked at the moment the user
 * turns a desktop channel on, never at page load.
 */
export async function askForBrowserNotifications(): Promise<BrowserNotificationState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

/**
 * Browser mode's desktop: shows the notification service's notices with the browser's
 * Notification API. In the Electron app the main process shows them (Electron's Notification),
 * so this stays silent there.
 */
export function BrowserDesktopNotices() {
  const { api } = useBridge();
  const info = useRequest('app.info', {});
  const inBrowserMode = info.data?.host === 'web';
  useEffect(() => {
    if (!inBrowserMode) return;
    return api.on('notifications.desktop', (notice) => {
      if (browserNotificationState() !== 'granted') return;
      // The delivery id as tag: a notice delivered twice (a lost answer, a retry) replaces itself.
      new Notification(notice.title, { body: notice.body, tag: notice.deliveryId, requireInteraction: notice.severity === 'critical' });
    });
  }, [api, inBrowserMode]);
  return null;
}
