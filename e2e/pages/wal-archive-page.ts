import type { Locator, Page } from '@playwright/test';

/** The WAL archive browser, and the recoverable window as a connection's page shows it. */
export class WalArchivePage {
  /** The left navigation's entry (AppNavigation knows the foundation's entries only). */
  readonly navLink: Locator;
  readonly archive: Locator;
  readonly segmentList: Locator;
  readonly segmentRows: Locator;
  readonly timelineNodes: Locator;
  readonly continuous: Locator;
  readonly backupHistoryFiles: Locator;
  readonly segmentDetails: Locator;
  readonly segmentStats: Locator;
  readonly windowBar: Locator;
  readonly windowIntervals: Locator;
  readonly windowBackups: Locator;
  readonly windowSummary: Locator;

  constructor(readonly page: Page) {
    this.navLink = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'WAL archive' });
    this.archive = page.getByTestId('wal-archive');
    this.segmentList = page.getByTestId('segment-list');
    this.segmentRows = page.getByTestId('segment-row');
    this.timelineNodes = page.getByTestId('timeline-node');
    this.continuous = page.getByTestId('archive-continuous');
    this.backupHistoryFiles = page.getByTestId('backup-history-file');
    this.segmentDetails = page.getByTestId('segment-details');
    this.segmentStats = page.getByTestId('segment-stats');
    this.windowBar = page.getByTestId('recoverable-window-bar');
    this.windowIntervals = page.getByTestId('window-interval');
    this.windowBackups = page.getByTestId('window-backup');
    this.windowSummary = page.getByTestId('window-summary');
  }

  figure(id: 'segment-count' | 'archive-size' | 'timeline-count' | 'gap-count' | 'backup-file-count'): Locator {
    return this.page.getByTestId(id);
  }

  segment(fileName: string): Locator {
    return this.page.locator(`[data-testid="segment-row"][data-segment="${fileName}"]`);
  }
}

/** The archive page's "Clean up old WAL" panel and its typed-count confirmation. */
export class WalCleanupPanel {
  readonly panel: Locator;
  readonly preview: Locator;
  readonly nothingToDelete: Locator;
  readonly deleteCount: Locator;
  readonly deleteButton: Locator;
  readonly keptBackups: Locator;
  readonly sample: Locator;
  readonly result: Locator;
  readonly error: Locator;
  readonly confirmInput: Locator;
  readonly confirmButton: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('wal-cleanup');
    this.preview = this.panel.getByTestId('wal-cleanup-preview');
    this.nothingToDelete = this.panel.getByTestId('wal-cleanup-nothing');
    this.deleteCount = this.panel.getByTestId('cleanup-delete-count');
    this.deleteButton = this.panel.getByTestId('wal-cleanup-delete');
    this.keptBackups = this.panel.getByTestId('cleanup-kept-backup');
    this.sample = this.panel.getByTestId('cleanup-sample');
    this.result = this.panel.getByTestId('wal-cleanup-result');
    this.error = this.panel.getByTestId('error-alert');
    this.confirmInput = page.getByTestId('typed-name');
    this.confirmButton = page.getByTestId('typed-name-confirm');
  }
}
