import { appendFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RetentionHistoryEntry } from '../../shared/domain/retention';
import { heldBackups, holdBackup } from '../repository/backup-holds';
import { repositoryLayout, type RepositoryLayout } from '../repository/layout';
import type { RetentionPolicy } from '../../shared/domain/retention-policy';
import { pinBackup, readPins, unpinBackup } from './pins';
import { clearRetentionPolicy, readRetentionPolicy, writeRetentionPolicy } from './retention-policies';
import { appendRetentionHistory, readRetentionHistory } from './retention-history';

describe("retention's records in the repository", () => {
  let layout: RepositoryLayout;
  beforeEach(async () => {
    layout = repositoryLayout(await mkdtemp(join(tmpdir(), 'tidemark-retention-')));
  });
  afterEach(async () => {
    await rm(layout.root, { recursive: true, force: true });
  });

  it('keeps pins in pins.json: a second pin replaces the first, unpin removes it, concurrent pins are all kept', async () => {
    const id = '20260301T020000000Z-a1b2c3';
    await pinBackup(layout, { backupId: id, until: '2026-12-31', pinnedAt: '2026-03-01T00:00:00Z', note: null });
    await pinBackup(layout, { backupId: id, until: null, pinnedAt: '2026-03-02T00:00:00Z', note: 'before the migration' });
    expect(await readPins(layout)).toEqual([{ backupId: id, until: null, pinnedAt: '2026-03-02T00:00:00Z', note: 'before the migration' }]);
    const ids = Array.from({ length: 20 }, (_, i) => `20260301T0300${String(i).padStart(2, '0')}000Z-a1b2c3`);
    await Promise.all(ids.map((backupId) => pinBackup(layout, { backupId, until: null, pinnedAt: '2026-03-01T00:00:00Z', note: null })));
    expect((await readPins(layout)).map((p) => p.backupId).sort()).toEqual([id, ...ids].sort());
    expect(await unpinBackup(layout, id)).toEqual({ backupId: id, wasPinned: true });
    expect(await unpinBackup(layout, id)).toEqual({ backupId: id, wasPinned: false });
    // Written atomically: no temporary file is left beside it.
    expect((await readdir(layout.root)).sort()).toEqual(['pins.json']);
  });

  it('refuses a damaged pins file instead of taking it as "no pins"', async () => {
    await writeFile(layout.pinsFile, '{"version": 1, "pins": [');
    await expect(readPins(layout)).rejects.toThrow(/pins.json cannot be read: it is not valid JSON .* Retention stops rather than forget the pins/);
  });

  it("keeps each profile's policy in retention-policies.json: set replaces, clear removes, one that keeps nothing is refused", async () => {
    const stored = (profileId: string, policy: RetentionPolicy) => ({ profileId, profileName: profileId, policy, updatedAt: '2026-03-01T00:00:00Z' });
    // Set before the first backup: the repository folder is made for it.
    const fresh = repositoryLayout(join(layout.root, 'not-yet'));
    await writeRetentionPolicy(fresh, stored('p1', { keepLast: 1 }));
    expect((await readRetentionPolicy(fresh, 'p1'))?.policy).toEqual({ keepLast: 1 });
    await rm(fresh.root, { recursive: true });
    expect(await readRetentionPolicy(layout, 'p1')).toBeNull();
    await writeRetentionPolicy(layout, stored('p1', { keepLast: 3 }));
    await writeRetentionPolicy(layout, stored('p2', { keepDaily: 7 }));
    await writeRetentionPolicy(layout, stored('p1', { keepLast: 7, keepMonthly: 12 }));
    expect(await readRetentionPolicy(layout, 'p1')).toEqual(stored('p1', { keepLast: 7, keepMonthly: 12 }));
    expect((await readRetentionPolicy(layout, 'p2'))?.policy).toEqual({ keepDaily: 7 });
    await expect(writeRetentionPolicy(layout, stored('p1', { keepLast: 0, keepDaily: 0 }))).rejects.toThrow(/A retention policy that keeps nothing is refused/);
    expect((await readRetentionPolicy(layout, 'p1'))?.policy).toEqual({ keepLast: 7, keepMonthly: 12 });
    expect(await clearRetentionPolicy(layout, 'p1')).toEqual({ profileId: 'p1', wasSet: true });
    expect(await clearRetentionPolicy(layout, 'p1')).toEqual({ profileId: 'p1', wasSet: false });
    expect(await readRetentionPolicy(layout, 'p1')).toBeNull();
    expect((await readdir(layout.root)).sort()).toEqual(['retention-policies.json']);
    // A damaged file stops retention rather than reading as "no policy".
    await writeFile(layout.retentionPoliciesFile, '{"version": 1, "policies": [{"profileId": "p2"}]}');
    await expect(readRetentionPolicy(layout, 'p2')).rejects.toThrow(/retention-policies.json cannot be read: .* Retention stops rather than guess the rules/);
  });

  it('reads the history newest first and skips a line a crash tore', async () => {
    const entry = (at: string, profileId: string) => ({ at, profile: { id: profileId, name: profileId } }) as RetentionHistoryEntry;
    await appendRetentionHistory(layout, entry('2026-03-01T00:00:00Z', 'p1'));
    await appendRetentionHistory(layout, entry('2026-03-02T00:00:00Z', 'p2'));
    await appendFile(layout.retentionHistoryFile, '{"at": "2026-03-03T00:0');
    await appendRetentionHistory(layout, entry('2026-03-04T00:00:00Z', 'p1'));
    expect((await readRetentionHistory(layout)).map((e) => e.at)).toEqual(['2026-03-04T00:00:00Z', '2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z']);
    expect((await readRetentionHistory(layout, { profileId: 'p1', limit: 1 })).map((e) => e.at)).toEqual(['2026-03-04T00:00:00Z']);
  });

  it('sees a live hold, forgets it on release, and ignores (and removes) the hold of a process that died', async () => {
    const hold = await holdBackup(layout, '20260301T020000000Z-a1b2c3', 'logical restore into shop_copy');
    expect(await heldBackups(layout)).toEqual(new Map([['20260301T020000000Z-a1b2c3', ['logical restore into shop_copy']]]));
    await hold.release();
    expect(await heldBackups(layout)).toEqual(new Map());
    await mkdir(layout.holdsDir, { recursive: true });
    const dead = { pid: 2 ** 22 + 7, hostname: hostname(), bootId: null, startedAt: '', backupId: '20260301T020000000Z-d0d0d0', purpose: 'a restore' };
    await writeFile(join(layout.holdsDir, '20260301T020000000Z-d0d0d0.4194311-000000.json'), JSON.stringify(dead));
    expect(await heldBackups(layout)).toEqual(new Map());
    expect(await readdir(layout.holdsDir)).toEqual([]);
  });
});
