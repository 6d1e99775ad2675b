import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduleInput } from '../../shared/contract/schedules';
import { createHandlers } from '../api/handlers';
import { call, createLocalApi } from '../api/local-api';
import { createBackupTestBed, saveClusterProfile, type BackupTestBed } from '../../test/support/backup-test-bed';
import { ManualClock } from '../../test/support/manual-clock';
import { createTestServices } from '../../test/harness/test-services';
import { until } from '../../test/support/until';

describe("a scheduled run's retention: the schedule's own rules, else the profile's policy, else nothing", () => {
  let bed: BackupTestBed;
  beforeAll(async () => {
    bed = await createBackupTestBed();
    await bed.cluster.query('create database shop');
    await bed.cluster.query('create table orders (id int primary key); insert into orders select generate_series(1, 500)', [], 'shop');
  });
  afterAll(async () => {
    await bed?.destroy();
  });

  it("applies the profile's stored policy after a run of a schedule without rules of its own, and the schedule's own rules over it", async () => {
    const clock = new ManualClock('2026-06-01T10:00:30Z');
    const home = await createTestServices({ clock });
    const log: string[] = [];
    try {
      const api = createLocalApi(home.services, createHandlers(home.services));
      const profile = await saveClusterProfile(api, bed.cluster, 'shop');
      const schedule: ScheduleInput = {
        name: 'every-minute',
        profileId: profile.id,
        backup: { kind: 'logical', databases: ['shop'] },
        timing: { cron: '* * * * *', timeZone: 'UTC' },
        // "Use the profile's policy": retention after each run, no rules of its own.
        applyRetention: true,
      };
      await call(api, 'schedules.save', { schedule });
      const runner = home.services.scheduler.runner('test', (line) => log.push(line));
      const backupIds = async () => (await call(api, 'backups.list', { profileId: profile.id })).backups.map((b) => b.id);
      const runSlot = async (at: string, runs: number) => {
        clock.set(at);
        await runner.tick();
        return until('the run', async () => {
          const { runs: recorded } = await call(api, 'schedules.history', { name: 'every-minute' });
          return recorded.length === runs && recorded[0]!.status === 'succeeded' && recorded[0]!.backupIds;
        });
      };

      // No policy stored and no rules of its own: nothing is deleted, and the log says why.
      await runSlot('2026-06-01T10:01:05Z', 1);
      await until('the log line', async () => log.some((line) => line.includes('retention not applied')));
      expect(log.find((line) => line.includes('retention not applied'))).toContain('shop has no retention policy stored');
      await runSlot('2026-06-01T10:02:05Z', 2);
      expect(await backupIds()).toHaveLength(2);

      // The profile's policy (keep the last 2) is applied after the next run: the oldest of three goes.
      // (Not "the last 1": deleting more than half is refused unattended.)
      const [oldest, second] = (await backupIds()).sort();
      await call(api, 'retention.setPolicy', { profileId: profile.id, policy: { keepLast: 2 } });
      const third = await runSlot('2026-06-01T10:03:05Z', 3);
      await until('retention to delete the oldest dump', async () => (await backupIds()).length === 2);
      expect((await backupIds()).sort()).toEqual([second, ...third].sort());
      const [applied] = await call(api, 'retention.history', { profileId: profile.id });
      expect(applied).toMatchObject({ trigger: 'schedule', scheduleName: 'every-minute', policy: { keepLast: 2 }, policySource: 'profile', kept: 2 });
      expect(applied!.deleted.map((b) => b.id)).toEqual([oldest]);

      // The schedule's own rules (keep the last 3) win over the profile's (the last 2, which would delete one).
      await call(api, 'schedules.save', { schedule: { ...schedule, retention: { keepLast: 3 } }, replace: true });
      const fourth = await runSlot('2026-06-01T10:04:05Z', 4);
      await until('the second retention run', async () => (await call(api, 'retention.history', { profileId: profile.id })).length === 2);
      expect((await backupIds()).sort()).toEqual([second, ...third, ...fourth].sort());
      const [own] = await call(api, 'retention.history', { profileId: profile.id });
      expect(own).toMatchObject({ policy: { keepLast: 3 }, policySource: 'request', kept: 3, deleted: [] });
    } catch (error) {
      throw new Error(`${(error as Error).message}\nrunner log:\n${log.join('\n')}`, { cause: error });
    } finally {
      await home.services.scheduler.stopRunner();
      await home.cleanup();
    }
  });
});
