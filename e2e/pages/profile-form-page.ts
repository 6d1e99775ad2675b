import type { Locator } from '@playwright/test';
import { byTestId, pageObject } from './page-object';

export interface ParamsDraft {
  name: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  savePassword?: boolean;
}

/** Adding or editing a connection profile. */
export class ProfileFormPage extends pageObject((page) =>
  byTestId(page, {
    form: 'profile-form',
    testButton: 'test-draft',
    saveButton: 'save-profile',
    errorAlert: 'error-alert',
    errorHint: 'error-hint',
    testResult: 'draft-test-result',
  }),
) {
  field(label: RegExp): Locator {
    return this.form.getByRole('textbox', { name: label });
  }

  async fillParams(draft: ParamsDraft): Promise<void> {
    await this.field(/^Name/).fill(draft.name);
    await this.form.getByRole('tab', { name: 'Parameters' }).click();
    await this.field(/^Host/).fill(draft.host);
    await this.field(/^Port/).fill(String(draft.port));
    await this.field(/^Database/).fill(draft.database);
    await this.field(/^User/).fill(draft.user);
    if (draft.password !== undefined) await this.form.getByLabel('Password', { exact: true }).fill(draft.password);
    if (draft.savePassword !== undefined) await this.form.getByRole('checkbox', { name: 'Save the password' }).setChecked(draft.savePassword);
  }
}
