import { expect, saveScreenshot, test } from '../fixtures';
import { SnapshotsPage } from '../pages/snapshots-page';
import { createSandboxThroughBridge, sandboxSql } from '../sandbox-setup';

test('a snapshot of the sandbox brings back a table dropped with psql, and says how long the restore took', async ({ app, bridge }, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  const snapshots = new SnapshotsPage(app);
  await snapshots.open(sandbox.profileId!, sandbox.sampleDatabase);

  await snapshots.name.fill('before the migration');
  await snapshots.create.click();
  await expect(snapshots.created).toContainText('Created before the migration');
  await expect(snapshots.items).toHaveCount(1);
  // The prepared copy is made in the background; the list says when it is ready.
  await expect(snapshots.items.first()).toContainText('prepared copy ready', { timeout: 30_000 });

  await sandboxSql(sandbox, 'drop table orders cascade');
  expect(await sandboxSql(sandbox, "select count(*) from pg_tables where tablename = 'orders'")).toBe('0');

  await snapshots.restore.first().click();
  await snapshots.confirmRestore.click();
  await expect(snapshots.restored).toContainText(/after \d+ ms \(renamed the prepared copy\)/);
  expect(await sandboxSql(sandbox, "select count(*) from pg_tables where tablename = 'orders'")).toBe('1');
  // The replaced state stays as an undo snapshot.
  await expect(snapshots.items).toHaveCount(2);
  await expect(snapshots.disk).toContainText('use');
  await saveScreenshot(app, testInfo, 'snapshots');
});

test("the sidebar has a Snapshots entry under a connection that allows them, and it opens that connection's Snapshots page", async ({
  app,
  bridge,
}, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  const snapshots = new SnapshotsPage(app);
  // The sidebar lists the connections it read at load: the sandbox was made through the bridge since.
  await app.reload();
  await snapshots.navEntry(sandbox.profileId!).click();
  await expect(app).toHaveURL(new RegExp(`#/connections/${encodeURIComponent(sandbox.profileId!)}/snapshots$`));
  await expect(snapshots.navEntry(sandbox.profileId!)).toHaveAttribute('data-active', 'true');
  await expect(app.getByTestId('snapshot-database')).toBeVisible();
  await saveScreenshot(app, testInfo, 'snapshots-nav');
});
