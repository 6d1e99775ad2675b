import { expect, saveScreenshot, test } from '../fixtures';
import type { BridgeClient } from '../bridge-client';
import { BackupsPage } from '../pages/backups-page';
import { RestoreWizardPage } from '../pages/restore-wizard-page';
import { createSandboxThroughBridge, sandboxSql, type RunningSandbox } from '../sandbox-setup';

/** A backup of the sample database made through the bridge (the backup UI has its own test). */
async function sampleBackup(bridge: BridgeClient): Promise<{ sandbox: RunningSandbox; backupId: string }> {
  const sandbox = await createSandboxThroughBridge(bridge);
  const { jobId } = await bridge.call('backups.startLogical', { connection: { profileId: sandbox.profileId! }, databases: [sandbox.sampleDatabase] });
  await bridge.waitForJob(jobId);
  const [backup] = (await bridge.call('backups.list', {})).backups;
  return { sandbox, backupId: backup!.id };
}

test('a backup restored through the wizard into a NEW database has the row counts of the backup', async ({ app, bridge }, testInfo) => {
  const { sandbox, backupId } = await sampleBackup(bridge);
  const manifest = await bridge.call('backups.get', { id: backupId });
  if (manifest.kind !== 'logical') throw new Error('expected a logical backup');

  // From the history: the backup's details offer the restore.
  const backups = new BackupsPage(app);
  await backups.open();
  await backups.row(backupId).click();
  await backups.details.getByTestId('restore-this').click();

  const wizard = new RestoreWizardPage(app);
  await expect(wizard.heading).toBeVisible();
  // Opened for this backup: step 2, its contents as a tree.
  await wizard.atStep('contents');
  await expect(wizard.contentsTree.locator('[data-table="public.orders"]')).toBeVisible();
  await saveScreenshot(app, testInfo, 'restore-1-contents');
  await wizard.back.click();
  await wizard.atStep('backup');
  await expect(wizard.backupChoice(backupId)).toHaveAttribute('aria-checked', 'true');
  await saveScreenshot(app, testInfo, 'restore-0-backup');
  await wizard.next.click();
  await wizard.atStep('contents');
  await wizard.next.click();

  // A NEW database by default, named after the source, and free on the server.
  await wizard.atStep('target');
  await expect(wizard.target('new')).toBeChecked();
  await expect(wizard.newDatabaseName).toHaveValue(`${sandbox.sampleDatabase}_restored`);
  await expect(wizard.newDatabaseFree).toBeVisible();
  await saveScreenshot(app, testInfo, 'restore-2-target');
  await wizard.next.click();

  await wizard.atStep('options');
  await saveScreenshot(app, testInfo, 'restore-3-options');
  await wizard.next.click();

  // The review shows the exact pg_restore command, without the password.
  await wizard.atStep('run');
  const restoreCommand = wizard.restoreSteps.filter({ hasText: 'Restore with pg_restore' });
  await expect(restoreCommand).toContainText('pg_restore');
  await expect(restoreCommand).toContainText(`${sandbox.sampleDatabase}_restored`);
  await expect(restoreCommand).toContainText('--no-owner');
  await expect(restoreCommand.getByRole('button', { name: 'Copy command' })).toBeVisible();
  await expect(wizard.body).not.toContainText(sandbox.password);
  await expect(wizard.restoreSteps.filter({ hasText: 'Create the database' })).toContainText('CREATE DATABASE');
  await saveScreenshot(app, testInfo, 'restore-4-review');

  await wizard.startButton.click();
  await expect(wizard.job.progress).toBeVisible();
  await saveScreenshot(app, testInfo, 'restore-5-running');

  await wizard.atStep('result');
  await expect(wizard.result).toHaveAttribute('data-outcome', 'clean');
  await expect(wizard.rowCounts).toHaveCount(manifest.logical.tables.length);
  for (const table of manifest.logical.tables) {
    const row = wizard.result.locator(`[data-testid="row-count"][data-table="${table.schema}.${table.name}"]`);
    await expect(row).toHaveAttribute('data-matches', 'true');
    await expect(row.getByTestId('expected-rows')).toHaveText(table.rows!.toLocaleString('en-US'));
    await expect(row.getByTestId('actual-rows')).toHaveText(table.rows!.toLocaleString('en-US'));
  }
  await saveScreenshot(app, testInfo, 'restore-6-result');

  // The new database really holds them, and the source was not touched.
  const target = await bridge.call('restore.targetInfo', { connection: { profileId: sandbox.profileId! }, database: `${sandbox.sampleDatabase}_restored` });
  expect(target.exists).toBe(true);
});

test('restoring over an existing database is blocked until its name is typed', async ({ app, bridge, server }, testInfo) => {
  const { sandbox, backupId } = await sampleBackup(bridge);
  await app.goto(`${server.url}#/logical-restore/${backupId}`);
  const wizard = new RestoreWizardPage(app);
  await wizard.atStep('contents');
  await wizard.next.click();
  await wizard.atStep('target');

  // Someone is connected to it: shown, with an offer to end the session.
  const session = sandboxSql(sandbox, 'select pg_sleep(120)').catch((error: Error) => error);
  await wizard.chooseExisting(sandbox.sampleDatabase);
  await expect(wizard.next).toBeDisabled();
  await expect(wizard.problem).toContainText(`Type ${sandbox.sampleDatabase} to confirm`);
  const sessions = app.getByTestId('active-connections');
  await expect(sessions).toContainText('e2e-session', { timeout: 15_000 });
  await expect(sessions).toContainText('pg_sleep');
  await saveScreenshot(app, testInfo, 'restore-existing-sessions');
  await app.getByTestId('terminate-sessions').click();
  await app.getByTestId('terminate-confirm').click();
  await expect(app.getByTestId('active-connections-none')).toBeVisible();
  expect(String(await session)).toMatch(/terminat/i);

  await wizard.confirmName.fill(sandbox.sampleDatabase.toUpperCase());
  await expect(wizard.next).toBeDisabled();
  await saveScreenshot(app, testInfo, 'restore-existing-blocked');

  await wizard.confirmName.fill(sandbox.sampleDatabase);
  await expect(wizard.next).toBeEnabled();
  await wizard.next.click();
  await wizard.atStep('options');
  await wizard.next.click();
  await wizard.atStep('run');
  await expect(wizard.restoreSteps.filter({ hasText: 'Restore with pg_restore' })).toContainText('--clean --if-exists');
  await expect(wizard.startButton).toHaveText(`Overwrite ${sandbox.sampleDatabase}`);
  await saveScreenshot(app, testInfo, 'restore-existing-review');

  // Without --clean every object exists already: pg_restore goes on past each error. The result
  // is a warning with the errors listed one by one, neither a silent success nor a failure.
  await wizard.back.click();
  await wizard.atStep('options');
  await wizard.back.click();
  await wizard.atStep('target');
  await app.getByRole('checkbox', { name: /--clean --if-exists/ }).uncheck();
  await wizard.next.click();
  await wizard.next.click();
  await wizard.atStep('run');
  await expect(wizard.restoreSteps.filter({ hasText: 'Restore with pg_restore' })).not.toContainText('--clean');
  await wizard.startButton.click();
  await wizard.atStep('result');
  await expect(wizard.result).toHaveAttribute('data-outcome', 'with-warnings');
  await expect(app.getByTestId('restore-ignored-errors')).toContainText(/errors ignored on restore: \d+/);
  await expect(app.getByTestId('restore-message').first()).toBeVisible();
  await expect(app.getByTestId('restore-messages')).toContainText('already exists');
  // One line each; a click shows the statement that failed.
  await app.getByTestId('restore-message').first().getByRole('button').click();
  await expect(app.getByTestId('restore-message').first()).toContainText('Command was');
  await saveScreenshot(app, testInfo, 'restore-result-warnings');
});
