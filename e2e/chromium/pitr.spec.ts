import { expect, saveScreenshot, test } from '../fixtures';
import { countRowsOn, prepareDroppedTable, sandboxClient } from '../pages/recovery-scenario';
import { RecoveryWizard } from '../pages/recovery-wizard';

// India has kept UTC+05:30 all year since 1945: a zone far from the server's whose offset the test
// can apply by hand, so the picker's conversion is checked against arithmetic, not against itself.
const pickerZone = 'Asia/Kolkata';
const pickerOffsetMs = 5.5 * 3600_000;

function wallTimeInPickerZone(utcMs: number): string {
  return new Date(utcMs + pickerOffsetMs).toISOString().slice(0, 19).replace('T', ' ');
}

test('a dropped table comes back: a moment before the drop picked in the wizard, replayed into a new cluster, queried', async ({
  app,
  bridge,
  profilePage,
}, testInfo) => {
  test.setTimeout(300_000);
  const scenario = await prepareDroppedTable(bridge);
  const wizard = new RecoveryWizard(app);

  // The live server's page: a named restore point before a "risky change", then the wizard.
  await profilePage.open(scenario.profileId);
  await app.getByTestId('create-restore-point').click();
  await app.getByTestId('restore-point-name').fill('before-e2e-cleanup');
  await app.getByTestId('restore-point-confirm').click();
  await expect(app.getByTestId('restore-point-created')).toContainText('before-e2e-cleanup');
  await expect(app.getByTestId('restore-point-created')).toContainText('already in the archive');
  await saveScreenshot(app, testInfo, 'pitr-0-restore-point');
  await app.getByRole('button', { name: 'Done' }).click();
  await app.getByTestId('recover-to-point').click();

  // 1. Cluster: the profile the button came from, its server answering with its zone.
  await expect(wizard.step(1)).toBeVisible();
  await wizard.steps.getByRole('button', { name: /Cluster/ }).click();
  await expect(wizard.step(0)).toBeVisible();
  await expect(app.getByTestId('server-answer')).toContainText('time zone');
  await saveScreenshot(app, testInfo, 'pitr-1-cluster');
  await wizard.next.click();

  // 2. Target: a zone other than the server's, a moment outside the window first (explained, refused), then one just before the drop.
  await expect(app.getByTestId('recoverable-window-bar')).toBeVisible();
  await wizard.chooseTimeZone(pickerZone);
  const beforeDropMs = Date.parse(scenario.beforeDropUtc);
  const tooEarly = wallTimeInPickerZone(beforeDropMs - 3600_000);
  if (tooEarly.slice(0, 10) === wallTimeInPickerZone(beforeDropMs).slice(0, 10)) {
    await wizard.pickTime(tooEarly);
    await expect(wizard.verdict).toHaveAttribute('data-reachable', 'false');
    await expect(wizard.verdict).toContainText('earliest usable base backup ended');
    // The services refuse it too (target before the backup's end); the explanation above is enough, so Next simply stays off.
    await expect(app.getByTestId('plan-checking')).toHaveCount(0);
    await expect(wizard.planReady).toHaveCount(0);
    await expect(wizard.next).toBeDisabled();
    await saveScreenshot(app, testInfo, 'pitr-2-target-unreachable');
  }
  await wizard.pickTime(wallTimeInPickerZone(beforeDropMs));
  await expect(wizard.utcEquivalent).toContainText(`${scenario.beforeDropUtc.replace('T', ' ').replace('Z', '')} UTC`);
  await expect(wizard.utcEquivalent).toContainText('UTC+05:30');
  await expect(wizard.verdict).toHaveAttribute('data-reachable', 'true');
  await expect(wizard.planReady).toContainText(scenario.backupId);
  await saveScreenshot(app, testInfo, 'pitr-2-target');
  await wizard.next.click();

  // 3. Base backup: the automatic choice, the one taken before the table existed.
  await expect(app.locator(`[data-testid="backup-choice"][data-backup-id="${scenario.backupId}"]`)).toContainText('Chosen automatically');
  await saveScreenshot(app, testInfo, 'pitr-3-backup');
  await wizard.next.click();

  // 4. Destination and review: a new directory on a suggested free port, and exactly the settings written.
  await expect(app.getByTestId('destination-port')).not.toHaveValue('');
  await expect(wizard.review).toBeVisible();
  await expect(wizard.settings).toContainText(`recovery_target_time = '${scenario.beforeDropUtc.replace('T', ' ').replace('Z', '')}+00'`);
  await expect(wizard.settings).toContainText("recovery_target_action = 'promote'");
  await expect(wizard.settings).toContainText('archive_mode = off');
  await saveScreenshot(app, testInfo, 'pitr-4-review');
  await wizard.start.click();

  // 5. Run: the job with its live log, and the replay figures.
  await expect(wizard.job.progress).toBeVisible();
  await expect(wizard.job.log).toContainText('Recovering cluster', { timeout: 30_000 });
  await saveScreenshot(app, testInfo, 'pitr-5-run');

  // 6. Result: promoted, the table back with every row, a port to connect to.
  await expect(wizard.endState).toHaveAttribute('data-end-state', 'promoted', { timeout: 180_000 });
  await expect(app.locator(`[data-testid="recovered-table"][data-table="public.${scenario.table}"] [data-testid="recovered-table-rows"]`)).toHaveText(
    scenario.rows.toLocaleString('en-US'),
  );
  await expect(wizard.lastCommit).toContainText('before the target');
  await app.getByRole('checkbox', { name: `Copy back public.${scenario.table}` }).check();
  await expect(app.getByTestId('copy-back-commands')).toContainText(`--table public.${scenario.table}`);
  await expect(app.getByTestId('copy-back-backup')).toHaveAttribute('href', /#\/backups\/new\//);
  await saveScreenshot(app, testInfo, 'pitr-6-result');

  const port = Number((await wizard.resultPort.textContent())?.split(':').pop());
  expect(port).toBeGreaterThan(1023);
  expect(port).not.toBe(scenario.sandbox.port);
  expect(await countRowsOn(port, scenario.sandbox, scenario.table)).toBe(scenario.rows);
  // The source was only read: the table is still gone there.
  const source = await sandboxClient(scenario.sandbox);
  try {
    expect((await source.query('select to_regclass($1) as t', [scenario.table])).rows[0]).toEqual({ t: null });
  } finally {
    await source.end();
  }

  // The copy is a cluster Tidemark manages: listed, stopped and deleted (typed name) from the Clusters page.
  const clusterName = (await app.getByTestId('result-cluster-name').textContent())!;
  await app.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Clusters' }).click();
  const card = app.locator('[data-testid="managed-cluster"]').filter({ hasText: clusterName });
  await expect(card).toHaveAttribute('data-cluster-state', 'running');
  await saveScreenshot(app, testInfo, 'pitr-7-clusters');
  await card.getByTestId('stop-cluster').click();
  await expect(card).toHaveAttribute('data-cluster-state', 'stopped');
  await card.getByTestId('remove-cluster').click();
  await expect(app.getByTestId('typed-name-confirm')).toBeDisabled();
  await app.getByTestId('typed-name').fill(clusterName);
  await app.getByTestId('typed-name-confirm').click();
  await expect(card).toHaveCount(0);
  expect((await bridge.call('clusters.list', {})).map((cluster) => cluster.name)).not.toContain(clusterName);
});
