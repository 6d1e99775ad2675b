import type { Locator, Page } from '@playwright/test';

/** One connection's page: server facts, readiness, sandbox controls. */
export class ProfilePage {
  readonly name: Locator;
  readonly testButton: Locator;
  readonly readiness: Locator;
  readonly facts: Locator;
  readonly sandboxControls: Locator;
  readonly errorAlert: Locator;
  /** Whether a password is saved and in which store (data-secret-storage: os-keychain | pgpass-file). */
  readonly passwordStorage: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByTestId('profile-name');
    this.testButton = page.getByTestId('test-profile');
    this.readiness = page.getByTestId('readiness');
    this.facts = page.getByTestId('server-facts');
    this.sandboxControls = page.getByTestId('sandbox-controls');
    this.errorAlert = page.getByTestId('error-alert');
    this.passwordStorage = page.getByTestId('password-storage');
  }

  /** The value cell of one fact row, e.g. fact('walLevel'). */
  fact(id: string): Locator {
    return this.page.getByTestId(`fact-${id}`).getByRole('cell');
  }

  capability(key: 'logicalBackup' | 'physicalBackup' | 'pointInTimeRecovery'): Locator {
    return this.page.getByTestId(`readiness-${key}`);
  }
}
