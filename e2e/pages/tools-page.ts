import type { Locator, Page } from '@playwright/test';

/** Which PostgreSQL tools Tidemark found. */
export class ToolsPage {
  readonly heading: Locator;
  readonly installations: Locator;
  readonly missing: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'PostgreSQL tools' });
    this.installations = page.getByTestId('installation');
    this.missing = page.getByTestId('missing-tools');
  }
}
