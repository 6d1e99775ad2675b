import { readdir } from 'node:fs/promises';
import { expect, saveScreenshot, test } from '../fixtures';
import { countRowsOn, prepareDroppedTable } from '../pages/recovery-scenario';
import { RecoveryWizard } from '../pages/recovery-wizard';

test('inspect before promoting: paused read-only at the first batch, moved on to the second, then promoted', async ({ app, bridge }, testInfo) => {
  test.setTimeout(300_000);
  const scenario = await prepareDroppedTable(bridge, { table: 'invoices', rowsPerBatch: 100, batches: 2 });
  const [afterFirst, afterSecond] = scenario.afterBatchUtc as [string, string];
  const wizard = new RecoveryWizard(app);

  await wizard.openFor(scenario.profileId);
  await wizard.pickTime(RecoveryWizard.utcWallTime(afterFirst));
  await wizard.acceptTargetAndBackup();
  await app.getByTestId('pause-for-inspection').check();
  await expect(wizard.settings).toContainText("recovery_target_action = 'pause'");
  await wizard.start.click();

  // Paused at the first batch: read-only, the table with its first hundred rows.
  await expect(wizard.endState).toHaveAttribute('data-end-state', 'paused', { timeout: 180_000 });
  const port = Number((await wizard.resultPort.textContent())?.split(':').pop());
  expect(await countRowsOn(port, scenario.sandbox, scenario.table)).toBe(100);
  await expect(app.locator('[data-testid="recovered-table"][data-table="public.invoices"] [data-testid="recovered-table-rows"]')).toHaveText('100');
  await saveScreenshot(app, testInfo, 'pitr-paused');

  // Move the target later, still pausing: replay goes on from where it stopped, to just before the
  // DROP's commit. The replayed DROP holds its lock while paused: the table is shown locked, not hung on.
  const paused = app.getByTestId('paused-actions');
  await wizard.pickTime(RecoveryWizard.utcWallTime(afterSecond));
  await paused.getByTestId('retarget').click();
  await expect(paused).toHaveCount(0);
  await expect(wizard.endState).toHaveAttribute('data-end-state', 'paused', { timeout: 180_000 });
  await expect(app.locator('[data-testid="recovered-table"][data-table="public.invoices"]')).toHaveAttribute('data-locked', 'true');
  await expect(app.getByTestId('locked-tables-note')).toContainText('Promoting ends that transaction');
  await expect(app.getByTestId('result-target')).toContainText(afterSecond.replace('T', ' ').replace('Z', '+00'));
  await saveScreenshot(app, testInfo, 'pitr-paused-locked');

  // Promote: a read-write server, the second batch kept, the drop never replayed.
  await app.getByTestId('promote').click();
  await expect(app.getByTestId('paused-actions')).toHaveCount(0);
  await expect(wizard.endState).toHaveAttribute('data-end-state', 'promoted', { timeout: 180_000 });
  await expect(app.locator('[data-testid="recovered-table"][data-table="public.invoices"] [data-testid="recovered-table-rows"]')).toHaveText('200');
  expect(await countRowsOn(port, scenario.sandbox, scenario.table)).toBe(200);
  await saveScreenshot(app, testInfo, 'pitr-promoted-after-pause');
});

test('a failed start says which end state it is and leaves the plan to change', async ({ app, bridge }) => {
  test.setTimeout(240_000);
  const scenario = await prepareDroppedTable(bridge, { table: 'notes', rowsPerBatch: 10 });
  const wizard = new RecoveryWizard(app);
  await wizard.openFor(scenario.profileId);
  await wizard.pickTime(RecoveryWizard.utcWallTime(scenario.beforeDropUtc));
  await wizard.acceptTargetAndBackup();
  // The sandbox's own port is taken: the plan refuses with its end state, and nothing starts.
  await app.getByTestId('destination-port').fill(String(scenario.sandbox.port));
  await expect(app.getByTestId('end-state')).toHaveAttribute('data-end-state', 'port-in-use');
  await expect(app.getByTestId('end-state')).toContainText(`Port ${scenario.sandbox.port} is already in use`);
  await expect(wizard.start).toBeDisabled();
  expect(await bridge.call('clusters.list', {})).toHaveLength(1);
});

test('the server gone: its cluster picked from the repository by system identifier, recovered to the latest point', async ({ app, bridge }, testInfo) => {
  test.setTimeout(240_000);
  await prepareDroppedTable(bridge, { table: 'ledger', rowsPerBatch: 50 });
  await bridge.call('sandbox.stop', {});
  const wizard = new RecoveryWizard(app);

  await app.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Recovery' }).click();
  await app.getByTestId('cluster-source').getByText('A cluster in the repository').click();
  const systemIdentifier = (await bridge.call('wal.clusters', {})).systemIdentifiers[0]!;
  await app.getByRole('radio', { name: new RegExp(systemIdentifier) }).check();
  await saveScreenshot(app, testInfo, 'pitr-repository-cluster');
  await wizard.next.click();

  await expect(app.getByTestId('recoverable-window-bar')).toBeVisible();
  await app.getByTestId('target-kind').getByText('Latest').click();
  await wizard.acceptTargetAndBackup();
  await expect(wizard.settings).toContainText("recovery_target_timeline = 'latest'");
  await wizard.start.click();

  // Latest replays the drop too: the table is gone, the rest of the sample database is there.
  await expect(wizard.endState).toHaveAttribute('data-end-state', 'promoted', { timeout: 180_000 });
  await expect(app.locator('[data-testid="recovered-table"][data-table="public.ledger"]')).toHaveCount(0);
  await expect(app.locator('[data-testid="recovered-table"][data-table="public.orders"]')).toHaveCount(1);
  expect((await bridge.call('sandbox.status', {})).state).toBe('stopped');
});

test('the server stopped: its connection still finds its cluster through the repository', async ({ app, bridge }) => {
  test.setTimeout(240_000);
  const scenario = await prepareDroppedTable(bridge, { table: 'receipts', rowsPerBatch: 40 });
  await bridge.call('sandbox.stop', {});
  const wizard = new RecoveryWizard(app);
  await wizard.openFor(scenario.profileId);
  await wizard.steps.getByRole('button', { name: /Cluster/ }).click();
  await expect(app.getByTestId('server-gone')).toBeVisible();
  await wizard.next.click();
  await expect(app.getByTestId('recoverable-window-bar')).toBeVisible();
  await wizard.pickTime(RecoveryWizard.utcWallTime(scenario.beforeDropUtc));
  await expect(wizard.verdict).toHaveAttribute('data-reachable', 'true');
  await expect(wizard.planReady).toContainText(scenario.backupId);
});

test('cancel during the run: the job says so and no cluster, folder or profile is left', async ({ app, bridge, server }) => {
  test.setTimeout(240_000);
  const scenario = await prepareDroppedTable(bridge, { table: 'drafts', rowsPerBatch: 20 });
  const wizard = new RecoveryWizard(app);
  await wizard.openFor(scenario.profileId);
  await wizard.pickTime(RecoveryWizard.utcWallTime(scenario.beforeDropUtc));
  await wizard.acceptTargetAndBackup();
  await wizard.start.click();
  await wizard.job.progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.getByTestId('recovery-cancelled')).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('job-status')).toHaveText('Cancelled');
  await expect(app.getByTestId('change-plan')).toBeVisible();
  expect((await bridge.call('clusters.list', {})).map((cluster) => cluster.role)).toEqual(['sandbox']);
  expect((await bridge.call('profiles.list', {})).map((profile) => profile.name)).toEqual(['Sandbox']);
  expect((await readdir(`${server.homeDir}/clusters`)).filter((name) => name.startsWith('recovered-'))).toEqual([]);
});
