import { expect, saveScreenshot, test } from '../fixtures';
import { PhysicalBackupPage } from '../pages/physical-backup-page';
import { createSandboxThroughBridge } from '../sandbox-setup';

test('a physical backup of the sandbox shows its progress live, then its WAL points, pg_verifybackup and PITR readiness', async ({
  app,
  bridge,
  profilePage,
}, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  await profilePage.open(sandbox.profileId!);
  await app.getByTestId('open-physical-backup').click();

  const backup = new PhysicalBackupPage(app);
  await expect(backup.form).toBeVisible();
  await expect(app.getByTestId('physical-backups-empty')).toBeVisible();
  // Uncompressed and throttled (pg_basebackup -r limits the bytes sent, compressed or not), so
  // the ~30 MB sandbox takes long enough to watch its progress.
  await backup.chooseCompression('none');
  await backup.limitRate.check();
  await backup.maxRate.fill('4096');
  await backup.label.fill('e2e base backup');
  await backup.start.click();

  await expect(backup.job.progress).toBeVisible();
  await expect(backup.job.phase).toContainText(/ of .*\/s/, { timeout: 30_000 });
  await saveScreenshot(app, testInfo, 'physical-backup-progress');

  await expect(backup.job.status).toHaveText('Done', { timeout: 90_000 });
  await expect(backup.result).toHaveAttribute('data-status', 'complete');
  await expect(backup.fact('start-lsn')).toHaveText(/^[0-9A-F]+\/[0-9A-F]+$/);
  await expect(backup.fact('stop-lsn')).toHaveText(/^[0-9A-F]+\/[0-9A-F]+$/);
  await expect(backup.fact('timeline')).toHaveText('1');
  await expect(backup.fact('backup-label')).toHaveText('e2e base backup');
  await expect(backup.verification).toHaveAttribute('data-status', 'passed');
  await expect(backup.pitrReadiness).toHaveAttribute('data-usable', 'true');
  await expect(backup.backupRows).toHaveCount(1);
  await saveScreenshot(app, testInfo, 'physical-backup-result');

  // The backup is in the shared history too (the Backups page lists kind 'physical').
  const history = await bridge.call('backups.list', { kind: 'physical' });
  expect(history.backups.map((entry) => entry.status)).toEqual(['complete']);

  // From the cluster's list to the backup's details, and a verification on demand (pg_verifybackup).
  await backup.backupRows.first().getByTestId('physical-backup-link').click();
  const details = app.getByTestId('backup-details-body');
  await expect(details.getByTestId('details-title')).toHaveText('physical backup', { timeout: 30_000 });
  await details.getByTestId('open-verify').click();
  await expect(details.getByTestId('verify-physical-explained')).toBeVisible();
  await expect(details.getByTestId('verify-test-restore')).toHaveCount(0);
  await details.getByTestId('verify-start').click();
  const verifying = details.getByTestId('job-progress');
  await expect(verifying).toHaveAttribute('data-job-status', 'succeeded', { timeout: 90_000 });
  await expect(details.getByTestId('verification').first()).toHaveAttribute('data-ok', 'true');
  await expect(details.getByTestId('verification').first()).toContainText('pg_verifybackup');
  await expect(details.getByTestId('verification')).toHaveCount(2);
  await saveScreenshot(app, testInfo, 'physical-backup-verified');
});

test('cancelling a physical backup says so and leaves no backup that looks complete', async ({ app, bridge, server }) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  await app.goto(`${server.url}#/connections/${encodeURIComponent(sandbox.profileId!)}/physical-backup`);
  const backup = new PhysicalBackupPage(app);
  await expect(backup.form).toBeVisible({ timeout: 30_000 });
  await backup.chooseCompression('none');
  await backup.limitRate.check();
  await backup.maxRate.fill('512');
  await backup.start.click();
  await expect(backup.job.phase).toContainText(/ of /, { timeout: 30_000 });
  await backup.job.progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(backup.job.status).toHaveText('Cancelled', { timeout: 60_000 });
  await expect(backup.result).toHaveCount(0);
  const listed = await bridge.call('physical.list', {});
  expect(listed.filter((entry) => entry.status === 'complete')).toEqual([]);
});
