import { expect, saveScreenshot, test } from '../fixtures';

test('the tools page lists the PostgreSQL installation it found', async ({ app, navigation, toolsPage }, testInfo) => {
  await navigation.open('PostgreSQL tools');
  await expect(toolsPage.heading).toBeVisible();
  const installation = toolsPage.installations.filter({ hasText: '/usr/lib/postgresql/15/bin' });
  await expect(installation).toContainText('PostgreSQL 15.');
  await expect(installation).toContainText('pg_dump');
  await saveScreenshot(app, testInfo, 'tools');
});
