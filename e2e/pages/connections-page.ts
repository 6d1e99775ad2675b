import type { Locator, Page } from '@playwright/test';

/** The list of connection profiles. */
export class ConnectionsPage {
  readonly heading: Locator;
  readonly addButton: Locator;
  readonly rows: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Connections' });
    this.addButton = page.getByTestId('add-connection').first();
    this.rows = page.getByTestId('connection-row');
    this.empty = page.getByTestId('connections-empty');
  }

  row(name: string): Locator {
    return this.rows.filter({ hasText: name });
  }
}
