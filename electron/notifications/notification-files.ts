import { join } from 'node:path';

/**
 * Where notifications live in a repository, beside the backups, so the app, the CLI and a daemon
 * on another machine pointed at the same folder share one configuration and one outbox:
 *
 *   <repo>/notifications.json                    the channels and their filters (no secrets)
 *   <repo>/notifications/outbox/<id>.json         one file per delivery still to be made
 *   <repo>/notifications/outbox/<id>.json.sending a delivery being attempted right now (claimed)
 *   <repo>/notifications/history.jsonl            each attempt and its result, bounded
 *   <repo>/notifications/recent-events.json       events published lately, to collapse repeats
 */
export interface NotificationFiles {
  root: string;
  config: string;
  dir: string;
  outboxDir: string;
  history: string;
  recentEvents: string;
}

export function notificationFiles(root: string): NotificationFiles {
  const dir = join(root, 'notifications');
  return {
    root,
    config: join(root, 'notifications.json'),
    dir,
    outboxDir: join(dir, 'outbox'),
    history: join(dir, 'history.jsonl'),
    recentEvents: join(dir, 'recent-events.json'),
  };
}
