import type { Locator, Page } from '@playwright/test';
import { JobPanel } from './job-panel';

/** The backup history: filters, the virtualized list, and one backup's details drawer. */
export class BackupsPage {
  readonly navLink: Locator;
  readonly heading: Locator;
  readonly empty: Locator;
  readonly newBackupButton: Locator;
  readonly importButton: Locator;
  readonly history: Locator;
  readonly rows: Locator;
  readonly count: Locator;
  readonly details: Locator;
  readonly detailsBody: Locator;
  readonly facts: Locator;
  readonly contentsTree: Locator;
  readonly verifyPanel: Locator;
  readonly verifications: Locator;
  readonly job: JobPanel;

  constructor(readonly page: Page) {
    this.navLink = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Backups' });
    this.heading = page.getByRole('heading', { name: 'Backups', level: 1 });
    this.empty = page.getByTestId('backups-empty');
    this.newBackupButton = page.getByTestId('new-backup').first();
    this.importButton = page.getByTestId('import-backup').first();
    this.history = page.getByTestId('backup-history');
    this.rows = page.getByTestId('backup-row');
    this.count = page.getByTestId('backup-count');
    this.details = page.getByRole('dialog', { name: 'Backup details' });
    this.detailsBody = page.getByTestId('backup-details-body');
    this.facts = page.getByTestId('backup-facts');
    this.contentsTree = page.getByTestId('contents-tree');
    this.verifyPanel = page.getByTestId('verify-panel');
    this.verifications = page.getByTestId('verification');
    this.job = new JobPanel(this.details);
  }

  async open(): Promise<void> {
    await this.navLink.click();
    await this.heading.waitFor();
  }

  row(backupId: string): Locator {
    return this.page.locator(`[data-testid="backup-row"][data-backup-id="${backupId}"]`);
  }

  statusOf(row: Locator): Locator {
    return row.getByTestId('backup-status');
  }

  verificationOf(scope: Locator): Locator {
    return scope.getByTestId('verification-badge');
  }

  tab(name: 'Summary' | 'Log' | 'Contents' | 'Verification'): Locator {
    return this.details.getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  /** Picks an option of one of the filters above the list. */
  async filter(which: 'Profile' | 'Database' | 'Status', option: string): Promise<void> {
    await this.page.getByTestId(`filter-${which.toLowerCase()}`).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  async deleteOpenBackup(typedId: string): Promise<void> {
    await this.details.getByTestId('delete-backup').click();
    await this.page.getByTestId('delete-confirm-input').fill(typedId);
  }
}
