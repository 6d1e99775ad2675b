import type { Page } from '@playwright/test';
import { openRoute } from './app-route';
import { byTestId, pageObject } from './page-object';

/** A database's Snapshots page: create, the timeline, restore with the sessions to end, compare. */
export class SnapshotsPage extends pageObject((page) =>
  byTestId(page, {
    name: 'snapshot-name',
    create: 'create-snapshot',
    created: 'snapshot-created',
    items: 'snapshot-item',
    restore: 'restore-snapshot',
    confirmRestore: 'confirm-restore',
    restored: 'snapshot-restored',
    sessions: 'snapshot-sessions',
    disk: 'snapshot-disk',
    timeline: 'snapshot-timeline',
  }),
) {
  async open(profileId: string, database: string): Promise<void> {
    await openRoute(this.page as Page, `/connections/${encodeURIComponent(profileId)}/snapshots/${encodeURIComponent(database)}`);
  }

  /** The sidebar's Snapshots entry under a connection (shown where snapshots are allowed). */
  navEntry(profileId: string) {
    return (this.page as Page).getByTestId(`nav-snapshots-${profileId}`);
  }
}
