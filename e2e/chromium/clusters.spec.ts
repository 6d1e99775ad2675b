import { expect, saveScreenshot, test } from '../fixtures';
import { countRowsOn, prepareDroppedTable } from '../pages/recovery-scenario';
import { RecoveryWizard } from '../pages/recovery-wizard';

test('in place: the sandbox replaced by its own past, its data directory kept aside, put back, then deleted', async ({ app, bridge }, testInfo) => {
  test.setTimeout(300_000);
  const scenario = await prepareDroppedTable(bridge, { table: 'shipments', rowsPerBatch: 321 });
  const wizard = new RecoveryWizard(app);

  await wizard.openFor(scenario.profileId);
  await wizard.pickTime(RecoveryWizard.utcWallTime(scenario.beforeDropUtc));
  await wizard.acceptTargetAndBackup();
  await app.getByTestId('destination-in-place').check();
  await expect(app.getByTestId('in-place-cluster')).toHaveValue(/Sandbox/);
  // Nothing is planned, let alone started, until the name is typed.
  await expect(wizard.review).toHaveCount(0);
  await expect(wizard.start).toBeDisabled();
  await app.getByTestId('in-place-confirm').fill('Sandbox');
  await expect(wizard.review).toContainText('Sandbox in place');
  await expect(wizard.review).toContainText('moved aside');
  await saveScreenshot(app, testInfo, 'pitr-in-place-review');
  await wizard.start.click();

  await expect(wizard.endState).toHaveAttribute('data-end-state', 'promoted', { timeout: 180_000 });
  await expect(app.getByText('Previous data, moved aside')).toBeVisible();
  // The sandbox itself, on its own port, has the table back.
  expect(await countRowsOn(scenario.sandbox.port, scenario.sandbox, scenario.table)).toBe(321);

  // The Clusters page lists the data directory moved aside.
  await app.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Clusters' }).click();
  const sandboxCard = app.locator('[data-testid="managed-cluster"][data-cluster-id="sandbox"]');
  await expect(sandboxCard.getByTestId('old-data-dir')).toHaveCount(1);
  await saveScreenshot(app, testInfo, 'clusters-old-data-dirs');

  // Put it back: the sandbox is as it was before the recovery (table dropped); the recovered data is moved aside in its turn.
  await sandboxCard.getByRole('button', { name: 'Put back' }).click();
  await expect(app.getByTestId('typed-name-confirm')).toBeDisabled();
  await app.getByTestId('typed-name').fill('Sandbox');
  await app.getByTestId('typed-name-confirm').click();
  await expect(app.getByTestId('typed-name')).toHaveCount(0);
  await expect(sandboxCard).toHaveAttribute('data-cluster-state', 'running');
  await expect(countRowsOn(scenario.sandbox.port, scenario.sandbox, scenario.table)).rejects.toThrow(/does not exist/);
  await expect(sandboxCard.getByTestId('old-data-dir')).toHaveCount(1);

  // Delete it for good.
  await sandboxCard.getByRole('button', { name: 'Delete' }).click();
  await app.getByTestId('typed-name').fill('Sandbox');
  await app.getByTestId('typed-name-confirm').click();
  await expect(sandboxCard.getByTestId('old-data-dir')).toHaveCount(0);
  expect(await bridge.call('oldDataDirs.list', {})).toEqual([]);
});
