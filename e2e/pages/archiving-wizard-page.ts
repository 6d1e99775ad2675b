import type { Locator, Page } from '@playwright/test';
import { JobPanel } from './job-panel';

/** A connection's WAL archiving page: the setup wizard and the archiver's status. */
export class ArchivingWizardPage {
  readonly wizard: Locator;
  readonly checks: Locator;
  readonly toConfigure: Locator;
  readonly naiveWhyNot: Locator;
  readonly nothingToChange: Locator;
  readonly changes: Locator;
  readonly restartManaged: Locator;
  readonly apply: Locator;
  readonly toVerify: Locator;
  readonly verifyNow: Locator;
  readonly works: Locator;
  readonly verifiedSegment: Locator;
  readonly job: JobPanel;
  readonly archiver: Locator;

  constructor(readonly page: Page) {
    this.wizard = page.getByTestId('archiving-wizard');
    this.checks = page.getByTestId('setup-checks');
    this.toConfigure = page.getByTestId('to-configure');
    this.naiveWhyNot = page.getByTestId('naive-why-not');
    this.nothingToChange = page.getByTestId('nothing-to-change');
    this.changes = page.getByTestId('setup-changes');
    this.restartManaged = page.getByTestId('restart-managed');
    this.apply = page.getByTestId('apply-setup');
    this.toVerify = page.getByTestId('to-verify');
    this.verifyNow = page.getByTestId('verify-archiving');
    this.works = page.getByTestId('archiving-works');
    this.verifiedSegment = page.getByTestId('verified-segment');
    this.job = new JobPanel(this.wizard);
    this.archiver = page.getByTestId('archiver-status');
  }

  /** One row of the current-settings table, e.g. check('wal_level'). */
  check(id: string): Locator {
    return this.page.getByTestId(`check-${id}`);
  }

  archiverFigure(id: 'archived-count' | 'failed-count' | 'ready-count' | 'current-lsn'): Locator {
    return this.archiver.getByTestId(`${id}-value`);
  }
}
