import type { Locator, Page } from '@playwright/test';
import { JobPanel } from './job-panel';

/** The logical restore wizard, step by step. */
export class RestoreWizardPage {
  readonly heading: Locator;
  readonly stepper: Locator;
  readonly body: Locator;
  readonly next: Locator;
  readonly back: Locator;
  readonly problem: Locator;
  readonly contentsTree: Locator;
  readonly newDatabaseName: Locator;
  readonly newDatabaseFree: Locator;
  readonly existingDatabase: Locator;
  readonly confirmName: Locator;
  readonly restoreSteps: Locator;
  readonly startButton: Locator;
  readonly job: JobPanel;
  readonly result: Locator;
  readonly rowCounts: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Logical restore', level: 1 });
    this.stepper = page.getByTestId('restore-stepper');
    this.body = page.getByTestId('restore-step-body');
    this.next = page.getByTestId('wizard-next');
    this.back = page.getByTestId('wizard-back');
    this.problem = page.getByTestId('wizard-problem');
    this.contentsTree = page.getByTestId('contents-tree');
    this.newDatabaseName = page.getByTestId('new-database-name');
    this.newDatabaseFree = page.getByTestId('new-database-free');
    this.existingDatabase = page.getByTestId('existing-database');
    this.confirmName = page.getByTestId('confirm-database-name');
    this.restoreSteps = page.getByTestId('restore-step');
    this.startButton = page.getByTestId('start-restore');
    this.job = new JobPanel(page);
    this.result = page.getByTestId('restore-result');
    this.rowCounts = page.getByTestId('row-count');
  }

  /** Resolves once the wizard shows that step ('backup', 'contents', 'target', 'options', 'run', 'result'). */
  async atStep(step: string): Promise<void> {
    await this.page.locator(`[data-testid="restore-step-body"][data-step="${step}"]`).waitFor();
  }

  backupChoice(backupId: string): Locator {
    return this.page.locator(`[data-testid="backup-choice"][data-backup-id="${backupId}"]`);
  }

  target(kind: 'new' | 'existing'): Locator {
    return this.page.getByTestId(`target-${kind}`);
  }

  async chooseExisting(database: string): Promise<void> {
    await this.target('existing').check();
    await this.existingDatabase.click();
    await this.page.getByRole('option', { name: database, exact: true }).click();
  }
}
