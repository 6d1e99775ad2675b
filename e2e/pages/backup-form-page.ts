import type { Locator } from '@playwright/test';
import { jobPanel } from './job-panel';
import { byTestId, pageObject } from './page-object';

/** The new logical backup form, its command preview, and the job once started. */
export class BackupFormPage extends pageObject((page) => ({
  heading: page.getByRole('heading', { name: 'New logical backup' }),
  job: jobPanel(page),
  ...byTestId(page, {
    form: 'backup-form',
    profile: 'backup-profile',
    databases: 'backup-databases',
    commandPreview: 'command-preview',
    startButton: 'start-backup',
    run: 'backup-run',
    done: 'backup-done',
    openInHistory: 'open-in-history',
  }),
})) {
  format(label: 'Custom' | 'Directory' | 'Tar' | 'Plain SQL'): Locator {
    return this.form.getByTestId('backup-format').getByText(label, { exact: true });
  }
}
