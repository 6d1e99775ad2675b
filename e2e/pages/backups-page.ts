import type { Locator } from '@playwright/test';
import { jobPanel } from './job-panel';
import { byTestId, pageObject } from './page-object';

/** The backup history: filters, the virtualized list, and one backup's details drawer. */
export class BackupsPage extends pageObject((page) => {
  const details = page.getByRole('dialog', { name: 'Backup details' });
  return {
    navLink: page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Backups' }),
    heading: page.getByRole('heading', { name: 'Backups', level: 1 }),
    newBackupButton: page.getByTestId('new-backup').first(),
    importButton: page.getByTestId('import-backup').first(),
    details,
    job: jobPanel(details),
    ...byTestId(page, {
      empty: 'backups-empty',
      history: 'backup-history',
      rows: 'backup-row',
      count: 'backup-count',
      detailsBody: 'backup-details-body',
      facts: 'backup-facts',
      contentsTree: 'contents-tree',
      verifyPanel: 'verify-panel',
      verifications: 'verification',
    }),
  };
}) {
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
