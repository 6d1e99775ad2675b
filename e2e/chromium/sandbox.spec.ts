import { expect, saveScreenshot, test } from '../fixtures';

test('creating the sandbox shows its progress, then its profile page with the live server facts', async ({ app, server, firstRun, profilePage }, testInfo) => {
  await firstRun.createSandboxButton.click();

  // The job is never silent: its progress and its log appear while it runs.
  await expect(firstRun.job.progress).toBeVisible();
  await expect(firstRun.job.log).toContainText('initdb', { timeout: 30_000 });
  await saveScreenshot(app, testInfo, 'sandbox-creating');

  // It lands on the sandbox's own profile page, with facts read from the running server.
  await expect(profilePage.name).toBeVisible({ timeout: 90_000 });
  await expect(profilePage.sandboxControls).toHaveAttribute('data-sandbox-state', 'running');
  await expect(profilePage.fact('serverVersion')).toContainText('PostgreSQL 15.');
  await expect(profilePage.fact('walLevel')).toHaveText('replica');
  await expect(profilePage.fact('superuser')).toHaveText('yes');
  await expect(profilePage.fact('dataDirectory')).toContainText(server.homeDir);
  await expect(profilePage.fact('systemIdentifier')).toHaveText(/^\d{10,}$/);
  for (const capability of ['logicalBackup', 'physicalBackup', 'pointInTimeRecovery'] as const) {
    await expect(profilePage.capability(capability)).toBeVisible();
  }
  // A superuser on a wal_level=replica cluster that archives: logical and physical backups are possible.
  await expect(profilePage.capability('logicalBackup')).toHaveAttribute('data-ready', 'true');
  await expect(profilePage.capability('physicalBackup')).toHaveAttribute('data-ready', 'true');
  await saveScreenshot(app, testInfo, 'sandbox-profile');
});

test('a window opened while the sandbox is being created follows that job, log included', async ({ app, bridge, firstRun, profilePage }) => {
  const { jobId } = await bridge.call('sandbox.create', {});
  await app.reload();
  await expect(firstRun.job.progress).toBeVisible();
  // Lines logged before this window looked are there too (jobs.logs), not only the live ones.
  await expect(firstRun.job.log).toContainText('Using initdb');
  await expect(firstRun.createSandboxButton).toHaveCount(0);
  await expect(profilePage.name).toBeVisible({ timeout: 90_000 });
  expect((await bridge.call('jobs.get', { jobId })).state.status).toBe('succeeded');
});

test('cancelling the sandbox creation stops it, says so, and leaves no sandbox', async ({ app, bridge, firstRun }, testInfo) => {
  await firstRun.createSandboxButton.click();
  await expect(firstRun.job.progress).toBeVisible();
  await firstRun.job.progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(firstRun.job.status).toHaveText('Cancelled', { timeout: 60_000 });
  await expect(firstRun.job.log).toContainText('Cancel requested.');
  await expect(app.getByRole('button', { name: 'Try again' })).toBeEnabled();
  await saveScreenshot(app, testInfo, 'sandbox-cancelled');
  expect(await bridge.call('sandbox.status', {})).toMatchObject({ state: 'absent' });
});
