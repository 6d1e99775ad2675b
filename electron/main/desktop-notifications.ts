import { Notification } from 'electron';
import type { EventBus } from '../jobs/event-bus';

/**
 * Shows the notification service's desktop notices with Electron's Notification (the OS's own
 * notification centre). The service stays plain Node: it emits `notifications.desktop`, and
 * only this shell imports Electron. The renderer leaves these to the shell (it shows them itself
 * only in browser mode).
 */
export function showDesktopNotifications(events: EventBus): () => void {
  return events.on('notifications.desktop', (notice) => {
    if (!Notification.isSupported()) return;
    new Notification({ title: notice.title, body: notice.body, urgency: notice.severity === 'critical' ? 'critical' : 'normal' }).show();
  });
}
