import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnyManifest } from '../../shared/domain/backup';
import { PendingBackupDir, sweepAbandonedBackups } from './atomic-backup-dir';
import { findFirstBrokenFile } from './checksums';
import { newBackupId, repositoryLayout, type RepositoryLayout } from './layout';
import { listManifests, readBackupManifest, updateManifest } from './manifest';
import { anyManifestSchema } from '../../shared/domain/backup';

function record(id: string): AnyManifest {
  return {
    manifestVersion: 1,
    id,
    kind: 'logical',
    status: 'failed',
    failure: null,
    origin: 'tidemark',
    profile: null,
    server: null,
    tool: null,
    startedAt: new Date().toISOString(),
    endedAt: null,
    durationMs: null,
    totalBytes: 0,
    files: [],
    verifications: [],
    log: [],
  };
}

describe('a pending backup folder', () => {
  let root: string;
  let layout: RepositoryLayout;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tidemark-repo-'));
    layout = repositoryLayout(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('appears under its id only when committed, with a checksum for every file', async () => {
    const id = newBackupId();
    const pending = await PendingBackupDir.create(layout, id, record(id));
    await mkdir(join(pending.path, 'database.dir'));
    await writeFile(join(pending.path, 'database.dir', 'toc.dat'), 'toc');
    await writeFile(join(pending.path, 'globals.sql'), 'roles');
    expect((await listManifests(layout)).manifests).toEqual([]);

    const manifest = await pending.commit((files) => ({ ...record(id), status: 'complete', files, totalBytes: files.reduce((n, f) => n + f.sizeBytes, 0) }));
    expect(manifest.files.map((f) => f.path)).toEqual(['database.dir/toc.dat', 'globals.sql']);
    expect(await readdir(layout.backupsDir)).toEqual([id]);
    const read = await readBackupManifest(layout, id, anyManifestSchema);
    expect(read.status).toBe('complete');
    expect(read.files).toEqual(manifest.files);
    expect(await findFirstBrokenFile(layout.backupDir(id), manifest.files)).toBeNull();

    await writeFile(join(layout.backupDir(id), 'globals.sql'), 'rolez');
    expect(await findFirstBrokenFile(layout.backupDir(id), manifest.files)).toMatchObject({ path: 'globals.sql', problem: 'checksum-differs' });
  });

  it('abandoned, leaves a failure record and no data', async () => {
    const id = newBackupId();
    const pending = await PendingBackupDir.create(layout, id, record(id));
    await writeFile(join(pending.path, 'database.dump'), 'partial');
    await pending.abandon({ ...record(id), status: 'cancelled', failure: { code: 'cancelled', message: 'Cancelled.' } });
    expect(await readdir(layout.backupDir(id))).toEqual(['manifest.json']);
    const read = await readBackupManifest(layout, id, anyManifestSchema);
    expect(read).toMatchObject({ status: 'cancelled', files: [] });
  });

  it('left behind by a dead process, is swept into a failed record; a live one is left alone', async () => {
    const deadId = newBackupId();
    const dead = layout.pendingBackupDir(deadId);
    await PendingBackupDir.create(layout, deadId, record(deadId));
    await writeFile(join(dead, 'database.dump'), 'partial');
    // Pretend the writer was another process that has since died.
    await writeFile(
      join(dead, '.owner.json'),
      JSON.stringify({ pid: 2 ** 22 + 7, hostname: (await import('node:os')).hostname(), bootId: null, startedAt: '' }),
    );
    const liveId = newBackupId();
    const live = await PendingBackupDir.create(layout, liveId, record(liveId));
    await mkdir(join(layout.backupsDir, '.trash-x'));

    const report = await sweepAbandonedBackups(layout);
    expect(report).toEqual({ markedFailed: [deadId], removed: ['.trash-x'], inProgress: [liveId] });
    const swept = await readBackupManifest(layout, deadId, anyManifestSchema);
    expect(swept).toMatchObject({ status: 'failed', failure: { code: 'interrupted' }, files: [] });
    expect(await readdir(layout.backupDir(deadId))).toEqual(['manifest.json']);
    await live.abandon(null);
    expect((await readdir(layout.backupsDir)).sort()).toEqual([deadId]);
  });

  it('updates a manifest atomically and lists unreadable ones instead of hiding them', async () => {
    const id = newBackupId();
    const pending = await PendingBackupDir.create(layout, id, record(id));
    await pending.commit((files) => ({ ...record(id), status: 'complete', files }));
    await updateManifest(layout, id, anyManifestSchema, (m) => ({ ...m, log: [{ at: 'now', level: 'info', text: 'hello' }] }));
    expect((await readBackupManifest(layout, id, anyManifestSchema)).log).toHaveLength(1);
    await mkdir(layout.backupDir('20200101T000000Z-000000'));
    await writeFile(join(layout.backupDir('20200101T000000Z-000000'), 'manifest.json'), '{"id": 1}');
    const listing = await listManifests(layout);
    expect(listing.manifests.map((m) => m.id)).toEqual([id]);
    expect(listing.unreadable[0]?.id).toBe('20200101T000000Z-000000');
    expect(JSON.parse(await readFile(layout.manifestFile(id), 'utf8')).id).toBe(id);
  });
});
