import type { Locator } from '@playwright/test';
import { jobPanel } from './job-panel';
import { byTestId, pageObject } from './page-object';

/** The logical restore wizard, step by step. */
export class RestoreWizardPage extends pageObject((page) => ({
  heading: page.getByRole('heading', { name: 'Logical restore', level: 1 }),
  ...byTestId(page, {
    stepper: 'restore-stepper',
    body: 'restore-step-body',
    next: 'wizard-next',
    back: 'wizard-back',
    problem: 'wizard-problem',
    contentsTree: 'contents-tree',
    newDatabaseName: 'new-database-name',
    newDatabaseFree: 'new-database-free',
    existingDatabase: 'existing-database',
    confirmName: 'confirm-database-name',
    restoreSteps: 'restore-step',
    startButton: 'start-restore',
    result: 'restore-result',
    rowCounts: 'row-count',
  }),
  job: jobPanel(page),
})) {
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
