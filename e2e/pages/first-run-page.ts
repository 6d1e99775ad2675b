import type { Locator, Page } from '@playwright/test';

/** The welcome a newcomer sees while there is no connection profile. */
export class FirstRunPage {
  readonly root: Locator;
  readonly heading: Locator;
  readonly intro: Locator;
  readonly createSandboxButton: Locator;
  readonly connectButton: Locator;
  readonly jobProgress: Locator;
  readonly jobStatus: Locator;
  readonly jobLog: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('first-run');
    this.heading = page.getByRole('heading', { name: 'Welcome to Tidemark' });
    this.intro = page.getByTestId('first-run-intro');
    this.createSandboxButton = page.getByRole('button', { name: 'Create the sandbox' });
    this.connectButton = page.getByRole('link', { name: 'Connect to your server' });
    this.jobProgress = page.getByTestId('job-progress');
    this.jobStatus = page.getByTestId('job-status');
    this.jobLog = page.getByTestId('job-log');
  }

  choice(which: 'sandbox' | 'connect'): Locator {
    return this.page.getByTestId(`choice-${which}`);
  }
}
