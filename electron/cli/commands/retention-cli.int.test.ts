import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupList, LogicalBackupResult } from '../../../shared/domain/backup';
import type { BackupPin, RetentionApplyResult, RetentionHistoryEntry, RetentionPlan } from '../../../shared/domain/retention';
import type { ProfileRetentionPolicy } from '../../../shared/domain/retention-policy';
import { createTestCluster, type TestCluster } from '../../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../../test/harness/test-services';
import { addCliProfile, cliErrorOf, ensureCliBuilt, jsonOf, runTidemark } from '../../../test/harness/tidemark-cli';

describe('tidemark retention plan / apply / history, backups pin / unpin (the CLI)', () => {
  let cluster: TestCluster;
  let home: TestServices;
  const dumps: string[] = [];
  const tidemark = (args: string[]) => runTidemark(home.home, args);
  const json = jsonOf;
  const errorOf = cliErrorOf;

  beforeAll(async () => {
    [cluster, home] = await Promise.all([createTestCluster(), createTestServices(), ensureCliBuilt()]).then(([c, h]) => [c, h] as const);
    await addCliProfile(home.home, 'prod', cluster);
    for (let i = 0; i < 3; i++) dumps.push(json<LogicalBackupResult>(await tidemark(['backup', 'logical', '--db', 'postgres', '--json'])).backups[0]!.id);
  });
  afterAll(async () => {
    await cluster?.destroy();
    await home?.cleanup();
  });

  it('plan --json lists every backup id with action and reason; the human rendering says the same', async () => {
    const plan = json<RetentionPlan>(await tidemark(['retention', 'plan', '--profile', 'prod', '--keep-last', '2', '--tz', 'Europe/Berlin', '--json']));
    expect(plan.backups.map((b) => [b.id, b.action, b.reason])).toEqual([
      [dumps[2], 'keep', expect.stringContaining('kept: last (1 of 2)')],
      [dumps[1], 'keep', 'kept: last (2 of 2)'],
      [dumps[0], 'delete', 'delete: no rule keeps it'],
    ]);
    expect(plan).toMatchObject({
      timeZone: 'Europe/Berlin',
      policy: { keepLast: 2 },
      kept: 2,
      deleted: 1,
      wal: [],
      walSegmentsPruned: 0,
      needsConfirmation: false,
    });
    expect(plan.bytesFreed).toBe(plan.backups[2]!.totalBytes);

    const human = await tidemark(['retention', 'plan', '--profile', 'prod', '--retention', 'keep-last=2', '--tz', 'Europe/Berlin']);
    expect(human.stdout).toContain('logical backups of postgres: keep 2, delete 1');
    expect(human.stdout).toMatch(new RegExp(`${dumps[0]}\\s+logical postgres .* DELETE\\s+delete: no rule keeps it`));
    expect(human.stdout).toContain(`Plan fingerprint ${plan.fingerprint}`);
  });

  it('refuses bad rules on stderr with a non-zero exit, naming the rule', async () => {
    const nothing = await tidemark(['retention', 'plan', '--profile', 'prod', '--keep-last', '0', '--json']);
    expect(nothing.exitCode).toBe(2);
    expect(errorOf(nothing)).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('A retention policy that keeps nothing is refused') });
    const typo = await tidemark(['retention', 'plan', '--profile', 'prod', '--retention', 'keep-last=3,keep-dayly=7']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('error: --retention: "keep-dayly=7": "keep-dayly" is not a retention rule');
    const both = await tidemark(['retention', 'plan', '--profile', 'prod', '--keep-last', '3', '--retention', 'keep-daily=7']);
    expect(both.stderr).toContain('not both');
    const zone = await tidemark(['retention', 'plan', '--profile', 'prod', '--keep-last', '3', '--tz', 'Mars/Olympus', '--json']);
    expect(errorOf(zone).message).toContain('"Mars/Olympus" is not a time zone name');
    const duration = await tidemark(['retention', 'plan', '--profile', 'prod', '--keep-within', 'a week', '--json']);
    expect(duration.exitCode).toBe(2);
    expect(errorOf(duration).message).toContain('a duration is a whole number and a unit');
    expect(errorOf(await tidemark(['backups', 'pin', dumps[0]!, '--until', '2026-02-30', '--json'])).message).toContain('not a date in the calendar');
  });

  it("policy show|set|clear stores the profile's policy; plan without rules uses it and says so, flags override it", async () => {
    const none = json<ProfileRetentionPolicy>(await tidemark(['retention', 'policy', 'show', '--profile', 'prod', '--json']));
    expect(none.stored).toBeNull();
    const refusedPlan = await tidemark(['retention', 'plan', '--profile', 'prod', '--json']);
    expect(refusedPlan.exitCode).not.toBe(0);
    expect(errorOf(refusedPlan)).toMatchObject({ code: 'not_found', message: expect.stringContaining('has no retention policy stored') });
    const nothing = await tidemark(['retention', 'policy', 'set', '--profile', 'prod', '--keep-last', '0', '--json']);
    expect(nothing.exitCode).toBe(2);
    expect(errorOf(nothing).message).toContain('A retention policy that keeps nothing is refused');
    expect(errorOf(await tidemark(['retention', 'policy', 'set', '--profile', 'prod', '--json'])).message).toContain('Give the policy as --keep-… flags');

    const set = json<ProfileRetentionPolicy>(
      await tidemark(['retention', 'policy', 'set', '--profile', 'prod', '--keep-last', '2', '--keep-weekly', '0', '--json']),
    );
    expect(set.stored).toMatchObject({ profileName: 'prod', policy: { keepLast: 2, keepWeekly: 0 } });
    expect((await tidemark(['retention', 'policy', 'show', '--profile', 'prod'])).stdout).toContain(
      'Retention policy of prod: keep-last=2,keep-weekly=0\n  keeps the last 2;',
    );

    const stored = json<RetentionPlan>(await tidemark(['retention', 'plan', '--profile', 'prod', '--json']));
    expect(stored).toMatchObject({ policySource: 'profile', policy: { keepLast: 2 }, kept: 2, deleted: 1 });
    expect((await tidemark(['retention', 'plan', '--profile', 'prod'])).stdout).toContain("policy keep-last=2,keep-weekly=0 (the profile's stored policy)");
    const flags = json<RetentionPlan>(await tidemark(['retention', 'plan', '--profile', 'prod', '--keep-last', '3', '--json']));
    expect(flags).toMatchObject({ policySource: 'flags', policy: { keepLast: 3 }, deleted: 0 });

    // A schedule that applies the profile's policy after each run has no rules of its own.
    const add = (name: string, retention: string) =>
      tidemark([
        'schedule',
        'add',
        '--profile',
        'prod',
        '--name',
        name,
        '--kind',
        'logical',
        '--db',
        'postgres',
        '--cron',
        '0 2 * * *',
        '--tz',
        'UTC',
        '--retention',
        retention,
        '--json',
      ]);
    const usesProfile = json<{ schedule: { retention?: unknown; applyRetention: boolean } }>(await add('nightly', 'profile'));
    expect(usesProfile.schedule).toMatchObject({ applyRetention: true });
    expect(usesProfile.schedule.retention).toBeUndefined();
    expect(json<{ schedule: { retention?: unknown } }>(await add('hourly', 'keep-last=4')).schedule.retention).toEqual({ keepLast: 4 });
    for (const name of ['nightly', 'hourly']) await tidemark(['schedule', 'remove', name]);

    expect((await tidemark(['retention', 'policy', 'clear', '--profile', 'prod'])).stdout).toContain('Cleared the retention policy of prod');
    expect(json<{ wasSet: boolean }>(await tidemark(['retention', 'policy', 'clear', '--profile', 'prod', '--json'])).wasSet).toBe(false);
    expect(json<ProfileRetentionPolicy>(await tidemark(['retention', 'policy', 'show', '--profile', 'prod', '--json'])).stored).toBeNull();
  });

  it('pins keep a backup until unpinned; apply past half needs --confirm, a stale --expect deletes nothing, and the run is recorded', async () => {
    const pin = json<BackupPin>(await tidemark(['backups', 'pin', dumps[0]!, '--until', '2099-01-01', '--note', 'before the migration', '--json']));
    expect(pin).toMatchObject({ backupId: dumps[0], until: '2099-01-01', note: 'before the migration' });
    const pinned = json<RetentionPlan>(await tidemark(['retention', 'plan', '--profile', 'prod', '--keep-last', '1', '--json']));
    expect(pinned.backups.find((b) => b.id === dumps[0])?.reason).toBe('kept: pinned until 2099-01-01');
    expect((await tidemark(['backups', 'unpin', dumps[0]!])).stdout).toContain(`Unpinned ${dumps[0]}.`);

    const plan = json<RetentionPlan>(await tidemark(['retention', 'plan', '--profile', 'prod', '--keep-last', '1', '--json']));
    expect(plan).toMatchObject({ deleted: 2, needsConfirmation: true });
    const unconfirmed = await tidemark(['retention', 'apply', '--profile', 'prod', '--keep-last', '1', '--json']);
    expect(unconfirmed.exitCode).toBe(1);
    expect(errorOf(unconfirmed)).toMatchObject({ code: 'confirmation_required', message: expect.stringContaining('deletes 2 of the 3 backups of prod') });
    const stale = await tidemark(['retention', 'apply', '--profile', 'prod', '--keep-last', '1', '--confirm', '--expect', pinned.fingerprint]);
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain('The backups changed since the plan was made');
    expect(json<BackupList>(await tidemark(['backups', 'list', '--json'])).backups).toHaveLength(3);

    const applied = await tidemark(['retention', 'apply', '--profile', 'prod', '--keep-last', '1', '--confirm', '--expect', plan.fingerprint]);
    expect(applied.stdout).toContain('Deleted 2 backup(s) of prod, kept 1, pruned 0 WAL segment file(s)');
    expect(json<BackupList>(await tidemark(['backups', 'list', '--json'])).backups.map((b) => b.id)).toEqual([dumps[2]]);

    const history = json<RetentionHistoryEntry[]>(await tidemark(['retention', 'history', '--profile', 'prod', '--json']));
    expect(history).toEqual([
      expect.objectContaining({ trigger: 'cli', kept: 1, deleted: [expect.objectContaining({ id: dumps[0] }), expect.objectContaining({ id: dumps[1] })] }),
    ]);
    // Nothing left to delete: apply again deletes nothing and says so.
    const again = json<RetentionApplyResult>(await tidemark(['retention', 'apply', '--profile', 'prod', '--keep-last', '1', '--json']));
    expect(again).toMatchObject({ deleted: 0, kept: 1, bytesFreed: 0 });
  });
});
