import type { Locator } from '@playwright/test';
import { jobPanel } from './job-panel';
import { byTestId, pageObject } from './page-object';

/** A connection's WAL archiving page: the setup wizard and the archiver's status. */
export class ArchivingWizardPage extends pageObject((page) => {
  const wizard = page.getByTestId('archiving-wizard');
  return {
    wizard,
    job: jobPanel(wizard),
    ...byTestId(page, {
      checks: 'setup-checks',
      toConfigure: 'to-configure',
      naiveWhyNot: 'naive-why-not',
      nothingToChange: 'nothing-to-change',
      changes: 'setup-changes',
      restartManaged: 'restart-managed',
      apply: 'apply-setup',
      toVerify: 'to-verify',
      verifyNow: 'verify-archiving',
      works: 'archiving-works',
      verifiedSegment: 'verified-segment',
      archiver: 'archiver-status',
    }),
  };
}) {
  /** One row of the current-settings table, e.g. check('wal_level'). */
  check(id: string): Locator {
    return this.page.getByTestId(`check-${id}`);
  }

  archiverFigure(id: 'archived-count' | 'failed-count' | 'ready-count' | 'current-lsn'): Locator {
    return this.archiver.getByTestId(`${id}-value`);
  }
}
