import type { Locator } from '@playwright/test';
import { jobPanel } from './job-panel';
import { byTestId, pageObject } from './page-object';

/** The welcome a newcomer sees while there is no connection profile. */
export class FirstRunPage extends pageObject((page) => ({
  ...byTestId(page, { root: 'first-run', intro: 'first-run-intro' }),
  heading: page.getByRole('heading', { name: 'Welcome to Tidemark' }),
  createSandboxButton: page.getByRole('button', { name: 'Create the sandbox' }),
  connectButton: page.getByRole('link', { name: 'Connect to your server' }),
  job: jobPanel(page),
})) {
  choice(which: 'sandbox' | 'connect'): Locator {
    return this.page.getByTestId(`choice-${which}`);
  }
}
