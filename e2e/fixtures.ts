import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeClient } from './bridge-client';
import { startBrowserMode, type BrowserModeServer } from './browser-mode-server';
import { AppNavigation } from './pages/app-navigation';
import { ConnectionsPage } from './pages/connections-page';
import { FirstRunPage } from './pages/first-run-page';
import { NotificationsPage } from './pages/notifications-page';
import { ProfileFormPage } from './pages/profile-form-page';
import { ProfilePage } from './pages/profile-page';
import { ToolsPage } from './pages/tools-page';

interface Fixtures {
  /** This test's own browser-mode server, over its own empty TIDEMARK_HOME. */
  server: BrowserModeServer;
  /** The contract over the server's bridge, to prepare state without the UI. */
  bridge: BridgeClient;
  /** The page opened at the printed address; fails the test on a CSP violation or an uncaught error. */
  app: Page;
  navigation: AppNavigation;
  firstRun: FirstRunPage;
  connections: ConnectionsPage;
  profilePage: ProfilePage;
  profileForm: ProfileFormPage;
  toolsPage: ToolsPage;
  notificationsPage: NotificationsPage;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  server: async ({}, use, testInfo) => {
    const homeDir = await mkdtemp(join(tmpdir(), 'tidemark-e2e-'));
    const server = await startBrowserMode(homeDir);
    try {
      await use(server);
    } finally {
      await server.stop();
      await testInfo.attach('server-stderr', { body: server.stderr(), contentType: 'text/plain' });
      await rm(homeDir, { recursive: true, force: true });
    }
  },
  bridge: async ({ server }, use) => {
    const bridge = await BridgeClient.open(server);
    await use(bridge);
    bridge.close();
  },
  app: async ({ page, server }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    });
    await page.goto(server.url);
    await use(page);
    expect(problems, 'the page broke its CSP or threw').toEqual([]);
  },
  navigation: async ({ app }, use) => use(new AppNavigation(app)),
  firstRun: async ({ app }, use) => use(new FirstRunPage(app)),
  connections: async ({ app }, use) => use(new ConnectionsPage(app)),
  profilePage: async ({ app }, use) => use(new ProfilePage(app)),
  profileForm: async ({ app }, use) => use(new ProfileFormPage(app)),
  toolsPage: async ({ app }, use) => use(new ToolsPage(app)),
  notificationsPage: async ({ app }, use) => use(new NotificationsPage(app)),
});

export { expect };

/** A full-page screenshot (or one of `of`, a part of it) kept in test-results/screenshots/ (and attached to the report), to be looked at. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string, of?: Locator): Promise<void> {
  const path = join('test-results', 'screenshots', `${name}.png`);
  await (of ? of.screenshot({ path }) : page.screenshot({ path, fullPage: true }));
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
