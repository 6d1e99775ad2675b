import type { Locator } from '@playwright/test';
import { jobPanel } from './job-panel';
import { byTestId, pageObject } from './page-object';

/** A connection's physical backup page: pg_basebackup's form, the job, the result and the cluster's base backups. */
export class PhysicalBackupPage extends pageObject((page) => {
  const result = page.getByTestId('physical-backup-result');
  return {
    ...byTestId(page, {
      form: 'physical-backup-form',
      limitRate: 'limit-rate',
      maxRate: 'max-rate',
      label: 'backup-label',
      start: 'start-physical-backup',
      backupRows: 'physical-backup-row',
    }),
    job: jobPanel(page),
    result,
    ...byTestId(result, { verification: 'verification', pitrReadiness: 'pitr-readiness' }),
  };
}) {
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
