import type { Locator } from '@playwright/test';
import { pageObject } from './page-object';

/** The left navigation, present on every page. */
export class AppNavigation extends pageObject((page) => ({ root: page.getByRole('navigation', { name: 'Main navigation' }) })) {
  link(name: 'Overview' | 'Connections' | 'PostgreSQL tools' | 'Notifications'): Locator {
    return this.root.getByRole('link', { name, exact: false }).first();
  }

  async open(name: 'Overview' | 'Connections' | 'PostgreSQL tools' | 'Notifications'): Promise<void> {
    await this.link(name).click();
  }
}
