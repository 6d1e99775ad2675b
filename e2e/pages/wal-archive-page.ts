import type { Locator } from '@playwright/test';
import { byTestId, pageObject } from './page-object';

/** The WAL archive browser, and the recoverable window as a connection's page shows it. */
export class WalArchivePage extends pageObject((page) => ({
  /** The left navigation's entry (AppNavigation knows the foundation's entries only). */
  navLink: page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'WAL archive' }),
  ...byTestId(page, {
    archive: 'wal-archive',
    segmentList: 'segment-list',
    segmentRows: 'segment-row',
    timelineNodes: 'timeline-node',
    continuous: 'archive-continuous',
    backupHistoryFiles: 'backup-history-file',
    segmentDetails: 'segment-details',
    segmentStats: 'segment-stats',
    windowBar: 'recoverable-window-bar',
    windowIntervals: 'window-interval',
    windowBackups: 'window-backup',
    windowSummary: 'window-summary',
  }),
})) {
  figure(id: 'segment-count' | 'archive-size' | 'timeline-count' | 'gap-count' | 'backup-file-count'): Locator {
    return this.page.getByTestId(id);
  }

  segment(fileName: string): Locator {
    return this.page.locator(`[data-testid="segment-row"][data-segment="${fileName}"]`);
  }
}

/** The archive page's "Clean up old WAL" panel and its typed-count confirmation. */
export class WalCleanupPanel extends pageObject((page) => {
  const panel = page.getByTestId('wal-cleanup');
  return {
    panel,
    ...byTestId(panel, {
      preview: 'wal-cleanup-preview',
      nothingToDelete: 'wal-cleanup-nothing',
      deleteCount: 'cleanup-delete-count',
      deleteButton: 'wal-cleanup-delete',
      keptBackups: 'cleanup-kept-backup',
      sample: 'cleanup-sample',
      result: 'wal-cleanup-result',
      error: 'error-alert',
    }),
    // The confirmation is a modal: outside the panel.
    ...byTestId(page, { confirmInput: 'typed-name', confirmButton: 'typed-name-confirm' }),
  };
}) {}
