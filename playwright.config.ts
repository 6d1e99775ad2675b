import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright's own browser download is neither possible nor wanted here.
const chromiumExecutable = process.env.TIDEMARK_CHROMIUM ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  outputDir: 'test-results',
  // Each test starts its own server and, often, a real PostgreSQL: two cores are enough for one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [
    ['list'],
    // scripts/test-all.mjs names the file per project and reads the counts from it.
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/playwright.json' }],
  ],
  use: {
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testDir: 'e2e/chromium',
      // Per project, so running the electron project does not wipe the Chromium run's artifacts.
      outputDir: 'test-results/chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1360, height: 900 },
        launchOptions: { executablePath: chromiumExecutable, args: chromiumArgs },
      },
    },
    {
      name: 'electron',
      testDir: 'e2e/electron',
      outputDir: 'test-results/electron',
    },
  ],
});
