import type { Locator } from '@playwright/test';
import { byTestId, pageObject } from './page-object';

/** The list of connection profiles. */
export class ConnectionsPage extends pageObject((page) => ({
  heading: page.getByRole('heading', { name: 'Connections' }),
  addButton: page.getByTestId('add-connection').first(),
  ...byTestId(page, { rows: 'connection-row', empty: 'connections-empty' }),
})) {
  row(name: string): Locator {
    return this.rows.filter({ hasText: name });
  }
}
