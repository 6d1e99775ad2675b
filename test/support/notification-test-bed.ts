import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DesktopNotice } from '../../shared/domain/notification';
import type { TidemarkEvent } from '../../shared/domain/notification-event';
import type { DesktopPresenter } from '../../electron/notifications/desktop-sender';
import { NotificationService } from '../../electron/notifications/notification-service';
import { MemorySecretStore } from '../../electron/profiles/secret-store';
import { Repositories } from '../../electron/repository/repositories';
import { ManualClock } from './manual-clock';

/** A desktop that records what it was asked to show (or, with a reason, one that cannot show anything). */
export class RecordingDesktop implements DesktopPresenter {
  readonly shown: DesktopNotice[] = [];
  constructor(readonly unavailableReason: string | null = null) {}
  show(notice: DesktopNotice): void {
    this.shown.push(notice);
  }
}

export interface NotificationTestBed {
  /** The repository folder (notifications.json and notifications/ go here). */
  repositoryDir: string;
  clock: ManualClock;
  secrets: MemorySecretStore;
  desktop: RecordingDesktop;
  /** A new service over the same repository and secrets: what a restarted app or daemon would build. */
  startService(): NotificationService;
  cleanup(): Promise<void>;
}

export async function createNotificationTestBed(options: { start?: string; desktop?: RecordingDesktop } = {}): Promise<NotificationTestBed> {
  const repositoryDir = await mkdtemp(join(tmpdir(), 'tidemark-notify-'));
  const clock = new ManualClock(options.start ?? '2026-11-21T02:00:00Z');
  const secrets = new MemorySecretStore();
  const desktop = options.desktop ?? new RecordingDesktop();
  const repositories = new Repositories({ defaultRoot: () => repositoryDir, profileRoots: () => [] });
  return {
    repositoryDir,
    clock,
    secrets,
    desktop,
    startService: () => new NotificationService({ repositories, secrets, desktop, source: { version: 'test', hostname: 'test-host' }, clock }),
    cleanup: () => rm(repositoryDir, { recursive: true, force: true }),
  };
}

/** A scheduled logical backup of "prod" that failed: the event most tests publish. */
export const backupFailed: Extract<TidemarkEvent, { type: 'backup.failed' }> = {
  type: 'backup.failed',
  at: '2026-11-21T03:00:05+01:00',
  profileId: 'p1',
  profileName: 'prod',
  backupKind: 'logical',
  scheduleName: 'nightly',
  error: { code: 'connection_refused', message: 'Connection refused by db1:5432.', hint: 'Is the server running?' },
  attempt: 1,
};
