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

test("the profile's retention policy is edited and saved on the retention page; the plan is the saved policy's, and changes with it", async ({
  app,
  bridge,
  server,
}, testInfo) => {
  test.setTimeout(180_000);
  const sandbox = await createSandboxThroughBridge(bridge);
  const profileId = sandbox.profileId!;
  const dumps = [await dump(bridge, sandbox), await dump(bridge, sandbox), await dump(bridge, sandbox)];
  await bridge.call('schedules.save', {
    schedule: {
      name: 'nightly',
      profileId,
      backup: { kind: 'logical', databases: [sandbox.sampleDatabase] },
      timing: { cron: '0 2 * * *', timeZone: 'UTC' },
      applyRetention: true,
    },
  });

  await app.goto(`${server.url}#/connections/${encodeURIComponent(profileId)}/retention`);
  const retention = new RetentionPage(app);
  // No policy yet: the rules shown are previewed, and the page says schedules delete nothing.
  await expect(retention.policyStatus).toHaveAttribute('data-state', 'none');
  await expect(retention.policyStatus).toContainText("schedules that use the profile's policy delete nothing");
  await expect(retention.policyUsers).toContainText('Applied after each run of nightly.');
  await expect(retention.clearPolicy).toHaveCount(0);

  // keep-last 3: nothing to delete. Saved, the plan is the profile's own.
  await retention.setRules({ 'keep-last': '3', 'keep-weekly': '4', 'keep-monthly': '12' });
  await expect(retention.rules.summary).toHaveText('This policy keeps the last 3, and 4 weekly, 12 monthly.');
  await retention.savePolicy.click();
  await expect(retention.policyStatus).toHaveAttribute('data-state', 'saved');
  await retention.settledFingerprint();
  await expect(retention.plan).toHaveAttribute('data-policy-source', 'profile');
  await expect(retention.planPolicy).toContainText("The plan of the profile's saved policy: keeps the last 3");
  await expect(retention.figure('deleted')).toContainText('0');
  expect((await bridge.call('retention.policy', { profileId })).stored?.policy).toEqual({ keepLast: 3, keepWeekly: 4, keepMonthly: 12 });

  // Changed and not saved yet: the plan previews the rules shown; saved, it is the profile's again, and deletes the oldest dump.
  await retention.setRules({ 'keep-last': '2' });
  await expect(retention.policyStatus).toHaveAttribute('data-state', 'changed');
  await retention.settledFingerprint();
  await expect(retention.plan).toHaveAttribute('data-policy-source', 'request');
  await expect(retention.row(dumps[0]!)).toHaveAttribute('data-action', 'delete');
  await retention.savePolicy.click();
  await expect(retention.policyStatus).toHaveAttribute('data-state', 'saved');
  await expect(retention.plan).toHaveAttribute('data-policy-source', 'profile');
  await retention.settledFingerprint();
  await expect(retention.figure('deleted')).toContainText('1');
  await expect(retention.row(dumps[0]!).getByTestId('plan-reason')).toHaveText('delete: no rule keeps it');
  await expect(retention.row(dumps[1]!).getByTestId('plan-reason')).toContainText('kept: last (2 of 2)');
  await saveScreenshot(app, testInfo, 'retention-policy');

  // What the CLI and a daemon read is what the page saved; opened again, the page shows it.
  expect((await bridge.call('retention.plan', { profileId })).policySource).toBe('profile');
  await app.reload();
  await expect(retention.rules.rule('keep-last')).toHaveValue('2');
  await expect(retention.policyStatus).toHaveAttribute('data-state', 'saved');

  // Cleared: no policy, and the plan is of the rules shown again.
  await retention.clearPolicy.click();
  await expect(retention.policyStatus).toHaveAttribute('data-state', 'none');
  await retention.settledFingerprint();
  await expect(retention.plan).toHaveAttribute('data-policy-source', 'request');
  expect((await bridge.call('retention.policy', { profileId })).stored).toBeNull();
});
