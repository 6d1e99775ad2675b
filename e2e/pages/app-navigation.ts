import type { Locator, Page } from '@playwright/test';

/** The left navigation, present on every page. */
export class AppNavigation {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByRole('navigation', { name: 'Main navigation' });
  }

  link(name: 'Overview' | 'Connections' | 'PostgreSQL tools' | 'Notifications'): Locator {
    return this.root.getByRole('link', { name, exact: false }).first();
  }

  async open(name: 'Overview' | 'Connections' | 'PostgreSQL tools' | 'Notifications'): Promise<void> {
    await this.link(name).click();
  }
}
