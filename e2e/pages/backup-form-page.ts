import type { Locator, Page } from '@playwright/test';
import { JobPanel } from './job-panel';

/** The new logical backup form, its command preview, and the job once started. */
export class BackupFormPage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly profile: Locator;
  readonly databases: Locator;
  readonly commandPreview: Locator;
  readonly startButton: Locator;
  readonly run: Locator;
  readonly job: JobPanel;
  readonly done: Locator;
  readonly openInHistory: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'New logical backup' });
    this.form = page.getByTestId('backup-form');
    this.profile = page.getByTestId('backup-profile');
    this.databases = page.getByTestId('backup-databases');
    this.commandPreview = page.getByTestId('command-preview');
    this.startButton = page.getByTestId('start-backup');
    this.run = page.getByTestId('backup-run');
    this.job = new JobPanel(page);
    this.done = page.getByTestId('backup-done');
    this.openInHistory = page.getByTestId('open-in-history');
  }

  format(label: 'Custom' | 'Directory' | 'Tar' | 'Plain SQL'): Locator {
    return this.form.getByTestId('backup-format').getByText(label, { exact: true });
  }
}
