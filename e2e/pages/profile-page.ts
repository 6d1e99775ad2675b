import type { Locator, Page } from '@playwright/test';
import { openRoute } from './app-route';

/** One connection's page: server facts, readiness, sandbox controls. */
export class ProfilePage {
  readonly name: Locator;
  readonly testButton: Locator;
  readonly readiness: Locator;
  readonly facts: Locator;
  readonly sandboxControls: Locator;
  readonly errorAlert: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByTestId('profile-name');
    this.testButton = page.getByTestId('test-profile');
    this.readiness = page.getByTestId('readiness');
    this.facts = page.getByTestId('server-facts');
    this.sandboxControls = page.getByTestId('sandbox-controls');
    this.errorAlert = page.getByTestId('error-alert');
  }

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
