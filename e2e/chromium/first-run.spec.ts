import { expect, saveScreenshot, test } from '../fixtures';

test('a newcomer sees what Tidemark is and the two ways to start', async ({ app, firstRun }, testInfo) => {
  await expect(firstRun.heading).toBeVisible();
  await expect(firstRun.intro).toContainText('backs up your PostgreSQL servers');
  await expect(firstRun.choice('sandbox').getByRole('heading', { name: 'Create a local sandbox PostgreSQL' })).toBeVisible();
  await expect(firstRun.choice('connect').getByRole('heading', { name: 'Connect to your server' })).toBeVisible();
  // The tests run as an ordinary user, so nothing stands in the sandbox's way.
  await expect(firstRun.createSandboxButton).toBeEnabled();
  await expect(app.getByTestId('sandbox-disabled-reason')).toHaveCount(0);
  await saveScreenshot(app, testInfo, 'first-run');
});

test('"Connect to your server" opens the connection form', async ({ app, firstRun, profileForm }) => {
  await firstRun.connectButton.click();
  await expect(app.getByRole('heading', { name: 'Connect to your server' })).toBeVisible();
  await expect(profileForm.field(/^Host/)).toHaveValue('localhost');
  await expect(profileForm.field(/^Port/)).toHaveValue('5432');
});
