import type { Locator, Page } from '@playwright/test';
import { JobPanel } from './job-panel';

/** A connection's physical backup page: pg_basebackup's form, the job, the result and the cluster's base backups. */
export class PhysicalBackupPage {
  readonly form: Locator;
  readonly limitRate: Locator;
  readonly maxRate: Locator;
  readonly label: Locator;
  readonly start: Locator;
  readonly job: JobPanel;
  readonly result: Locator;
  readonly verification: Locator;
  readonly pitrReadiness: Locator;
  readonly backupRows: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId('physical-backup-form');
    this.limitRate = page.getByTestId('limit-rate');
    this.maxRate = page.getByTestId('max-rate');
    this.label = page.getByTestId('backup-label');
    this.start = page.getByTestId('start-physical-backup');
    this.job = new JobPanel(page);
    this.result = page.getByTestId('physical-backup-result');
    this.verification = this.result.getByTestId('verification');
    this.pitrReadiness = this.result.getByTestId('pitr-readiness');
    this.backupRows = page.getByTestId('physical-backup-row');
  }

  /** Picks the compression method ('none', 'gzip', 'lz4', 'zstd') in the form's select. */
  async chooseCompression(method: 'none' | 'gzip' | 'lz4' | 'zstd'): Promise<void> {
    await this.page.getByTestId('compression-method').click();
    await this.page.getByRole('option', { name: method, exact: true }).click();
  }

  /** A value of the result's fact tables, e.g. fact('start-lsn'). */
  fact(id: string): Locator {
    return this.result.getByTestId(`fact-${id}`).getByRole('cell');
  }
}
