import type { Locator } from '@playwright/test';
import { openRoute } from './app-route';
import { byTestId, pageObject } from './page-object';

/** One connection's page: server facts, readiness, sandbox controls. */
export class ProfilePage extends pageObject((page) =>
  byTestId(page, {
    name: 'profile-name',
    testButton: 'test-profile',
    readiness: 'readiness',
    facts: 'server-facts',
    sandboxControls: 'sandbox-controls',
    errorAlert: 'error-alert',
    /** Whether a password is saved and in which store (data-secret-storage: os-keychain | pgpass-file). */
    passwordStorage: 'password-storage',
  }),
) {
  /** Opens one connection's page and waits for its name (the first connection test can take a while on a fresh sandbox). */
  async open(profileId: string): Promise<void> {
    await openRoute(this.page, `/connections/${encodeURIComponent(profileId)}`);
    await this.name.waitFor({ timeout: 30_000 });
  }

  /** The value cell of one fact row, e.g. fact('walLevel'). */
  fact(id: string): Locator {
    return this.page.getByTestId(`fact-${id}`).getByRole('cell');
  }

  capability(key: 'logicalBackup' | 'physicalBackup' | 'pointInTimeRecovery'): Locator {
    return this.page.getByTestId(`readiness-${key}`);
  }
}
