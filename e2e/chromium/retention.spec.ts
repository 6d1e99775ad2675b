import type { LogicalBackupResult } from '../../shared/domain/backup';
import type { BridgeClient } from '../bridge-client';
import { expect, saveScreenshot, test } from '../fixtures';
import { RetentionPage } from '../pages/retention-page';
import { archiveSomeCommits, takeBaseBackup } from '../pages/wal-scenario';
import { createSandboxThroughBridge, type RunningSandbox } from '../sandbox-setup';

async function dump(bridge: BridgeClient, sandbox: RunningSandbox): Promise<string> {
  const { jobId } = await bridge.call('backups.startLogical', { connection: { profileId: sandbox.profileId! }, databases: [sandbox.sampleDatabase] });
  const { state } = await bridge.waitForJob(jobId);
  return (state as { result: LogicalBackupResult }).result.backups[0]!.id;
}

test('a retention plan is previewed with its timeline, a stale plan is refused, and applying it deletes exactly what it listed', async ({
  app,
  bridge,
  server,
  profilePage,
}, testInfo) => {
  test.setTimeout(300_000);
  const sandbox = await createSandboxThroughBridge(bridge);
  const profileId = sandbox.profileId!;
  // WAL before the first base backup (pruned with the plan), two base backups, three dumps.
  await archiveSomeCommits(bridge, sandbox, profileId);
  const olderBase = await takeBaseBackup(bridge, profileId);
  await archiveSomeCommits(bridge, sandbox, profileId);
  const dumps = [await dump(bridge, sandbox), await dump(bridge, sandbox), await dump(bridge, sandbox)];
  const newerBase = await takeBaseBackup(bridge, profileId);
  await archiveSomeCommits(bridge, sandbox, profileId);

  await app.goto(`${server.url}#/connections/${encodeURIComponent(profileId)}`);
  await expect(profilePage.name).toBeVisible({ timeout: 30_000 });
  await app.getByTestId('retention-profile').click();
  const retention = new RetentionPage(app);

  // Nothing kept is refused as the rules are typed.
  await retention.setRules({});
  await expect(retention.rulesProblem).toContainText('A retention policy that keeps nothing is refused');

  await retention.setRules({ 'keep-last': '2' });
  await retention.settledFingerprint();
  await expect(retention.rows).toHaveCount(5);
  await expect(retention.row(dumps[0]!)).toHaveAttribute('data-action', 'delete');
  await expect(retention.row(dumps[0]!).getByTestId('plan-reason')).toHaveText('delete: no rule keeps it');
  await expect(retention.row(dumps[2]!).getByTestId('plan-reason')).toContainText('kept: last (1 of 2)');
  await expect(retention.row(olderBase)).toHaveAttribute('data-action', 'keep');
  await expect(retention.row(newerBase)).toHaveAttribute('data-action', 'keep');
  await expect(retention.marks('now')).toHaveCount(5);
  await expect(retention.marks('after')).toHaveCount(4);
  await expect(retention.windowBar('now')).toHaveCount(1);
  const plan = await bridge.call('retention.plan', {
    profileId,
    policy: { keepLast: 2 },
    timeZone: await app.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
  });
  expect(plan.walSegmentsPruned).toBeGreaterThan(0);
  await expect(retention.wal).toHaveAttribute('data-pruned', String(plan.walSegmentsPruned));
  await expect(retention.figure('deleted')).toContainText('1');
  await expect(retention.massDeletionWarning).toHaveCount(0);
  await saveScreenshot(app, testInfo, 'retention-plan');
  await retention.timeline.screenshot({ path: 'test-results/screenshots/retention-timeline.png' });

  // A backup made while the confirmation is open: the plan the user saw is stale, nothing is deleted.
  await retention.applyButton.click();
  await expect(app.getByRole('dialog')).toContainText('1 of the 5 backups');
  const meanwhile = await dump(bridge, sandbox);
  await retention.confirmButton.click();
  await expect(retention.error).toHaveAttribute('data-error-code', 'conflict');
  await expect(retention.error).toContainText('The backups changed since this plan: nothing was deleted');
  expect((await bridge.call('backups.list', {})).backups).toHaveLength(6);
  await retention.settledFingerprint();
  await expect(retention.rows).toHaveCount(6);
  await expect(retention.row(meanwhile)).toHaveAttribute('data-action', 'keep');

  // keep-last 2 now deletes two dumps: applied, exactly those go, and the WAL before the older base backup.
  await retention.applyButton.click();
  await retention.confirmButton.click();
  await expect(retention.result).toHaveAttribute('data-deleted', '2');
  const left = (await bridge.call('backups.list', {})).backups.map((b) => b.id).sort();
  expect(left).toEqual([olderBase, newerBase, dumps[2]!, meanwhile].sort());
  await expect(retention.history).toHaveCount(1);

  // One more dump: keep-last 1 now deletes 3 of the 5 backups, more than half, so the count must be typed.
  const another = await dump(bridge, sandbox);
  await retention.setRules({ 'keep-last': '1' });
  await retention.settledFingerprint();
  await expect(retention.rows).toHaveCount(5);
  // A pin keeps a backup whatever the rules say, and unpinning gives it back to them.
  await retention.row(dumps[2]!).getByTestId('pin-toggle').click();
  await expect(retention.row(dumps[2]!).getByTestId('plan-reason')).toHaveText('kept: pinned');
  await retention.row(dumps[2]!).getByTestId('pin-toggle').click();
  await expect(retention.row(dumps[2]!)).toHaveAttribute('data-action', 'delete');
  await expect(retention.massDeletionWarning).toContainText('deletes 3 of 5 backups: more than half');
  await retention.applyButton.click();
  await expect(app.getByRole('dialog')).toContainText('Delete 3 of 5 backups?');
  await retention.typedConfirm.fill('2');
  await expect(retention.typedConfirmButton).toBeDisabled();
  await retention.typedConfirm.fill('3');
  await saveScreenshot(app, testInfo, 'retention-confirm');
  await retention.typedConfirmButton.click();
  await expect(retention.result).toHaveAttribute('data-deleted', '3');
  expect((await bridge.call('backups.list', {})).backups.map((b) => b.id).sort()).toEqual([newerBase, another].sort());
  await expect(retention.history).toHaveCount(2);
  // The window starts at the newer base backup now, without a gap.
  const window = await bridge.call('wal.window', { server: { profileId } });
  expect(window.gaps).toEqual([]);
  expect(window.intervals.map((interval) => interval.baseBackupIds)).toEqual([[newerBase]]);
  await retention.settledFingerprint();
  await expect(retention.windowBar('now')).toHaveCount(1);
  await saveScreenshot(app, testInfo, 'retention-applied');
});
