import { expect, saveScreenshot, test } from '../fixtures';
import { ArchivingWizardPage } from '../pages/archiving-wizard-page';
import { turnArchivingOff } from '../pages/wal-scenario';
import { createSandboxThroughBridge } from '../sandbox-setup';

test('the archiving wizard reads the sandbox, proposes basic_archive, proves it with a real segment, then says archiving works', async ({
  app,
  bridge,
  profilePage,
}, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  await profilePage.open(sandbox.profileId!);
  await app.getByTestId('open-archiving').click();

  const wizard = new ArchivingWizardPage(app);
  // Step 1: the current settings, live, each with why it matters.
  await expect(wizard.checks).toBeVisible();
  await expect(wizard.check('wal_level')).toHaveAttribute('data-status', 'ok');
  await expect(wizard.check('archiver')).toContainText('basic_archive');
  await expect(wizard.check('archive_timeout')).toHaveAttribute('data-status', 'advice');
  await saveScreenshot(app, testInfo, 'archiving-wizard-checks');

  // Step 2: the proposal, and why the runbooks' command is not enough; the sandbox needs no change.
  await wizard.toConfigure.click();
  await expect(wizard.naiveWhyNot).toContainText('fsync');
  await expect(wizard.nothingToChange).toBeVisible();
  await saveScreenshot(app, testInfo, 'archiving-wizard-proposal');

  // Step 3: only a segment that arrives proves it.
  await wizard.toVerify.click();
  await expect(wizard.works).toHaveCount(0);
  await wizard.verifyNow.click();
  await expect(wizard.works).toBeVisible({ timeout: 60_000 });
  await expect(wizard.verifiedSegment).toHaveText(/^[0-9A-F]{24}$/);
  const segment = await wizard.verifiedSegment.textContent();
  await expect(wizard.archiverFigure('archived-count')).not.toHaveText('0', { timeout: 15_000 });
  await saveScreenshot(app, testInfo, 'archiving-works');
  expect((await bridge.call('archive.status', { server: { profileId: sandbox.profileId! } })).lastArchivedWal! >= segment!).toBe(true);
});

test('on a sandbox with archiving off, the wizard applies the change, restarts the managed cluster and verifies', async ({
  app,
  bridge,
  profilePage,
}, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  await turnArchivingOff(bridge, sandbox);
  await profilePage.open(sandbox.profileId!);
  // The page may already have been there, and tested the connection while the sandbox restarted.
  await app.reload();
  await expect(profilePage.name).toBeVisible({ timeout: 30_000 });
  await expect(app.getByTestId('archiving-not-configured')).toBeVisible();
  await expect(app.getByTestId('archiver-warning').first()).toHaveAttribute('data-code', 'archiving-off');
  await app.getByTestId('open-archiving').click();

  const wizard = new ArchivingWizardPage(app);
  await expect(wizard.check('archive_mode')).toHaveAttribute('data-status', 'change');
  await wizard.toConfigure.click();
  await expect(wizard.changes).toContainText('archive_mode');
  await expect(app.getByTestId('restart-needed')).toBeVisible();
  await expect(wizard.restartManaged).toBeChecked();
  await saveScreenshot(app, testInfo, 'archiving-wizard-changes');

  await wizard.apply.click();
  await expect(wizard.job.progress).toBeVisible();
  await expect(wizard.works).toBeVisible({ timeout: 90_000 });
  const plan = await bridge.call('archive.plan', { server: { profileId: sandbox.profileId! } });
  expect(plan.alreadyConfigured).toBe(true);
  expect(plan.server.archiveMode).toBe('on');
});
