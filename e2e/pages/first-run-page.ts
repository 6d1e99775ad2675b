import type { Locator, Page } from '@playwright/test';
import { JobPanel } from './job-panel';

/** The welcome a newcomer sees while there is no connection profile. */
export class FirstRunPage {
  readonly root: Locator;
  readonly heading: Locator;
  readonly intro: Locator;
  readonly createSandboxButton: Locator;
  readonly connectButton: Locator;
  readonly job: JobPanel;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('first-run');
    this.heading = page.getByRole('heading', { name: 'Welcome to Tidemark' });
    this.intro = page.getByTestId('first-run-intro');
    this.createSandboxButton = page.getByRole('button', { name: 'Create the sandbox' });
    this.connectButton = page.getByRole('link', { name: 'Connect to your server' });
    this.job = new JobPanel(page);
  }

  choice(which: 'sandbox' | 'connect'): Locator {
    return this.page.getByTestId(`choice-${which}`);
  }
}
