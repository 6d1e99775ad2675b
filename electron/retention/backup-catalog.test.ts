import { mkdir, mkdtemp, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repositoryLayout, type RepositoryLayout } from '../repository/layout';
import { forgetBackupCatalog, readRepositoryBackups } from './backup-catalog';
import { loadCatalogFile } from './catalog-file';

// A minute from now: every manifest written by the test is settled (older than the window in which
// a same-size rewrite could keep its mtime), so the catalog may keep it.
const later = () => Date.now() + 60_000;

function manifest(id: string, database: string, status = 'complete') {
  return {
    manifestVersion: 1,
    id,
    kind: 'logical',
    status,
    profile: { id: 'p1', name: 'shop' },
    startedAt: `${id.slice(0, 4)}-${id.slice(4, 6)}-${id.slice(6, 8)}T02:00:00.000Z`,
    totalBytes: 1000,
    verifications: [],
    logical: { database, format: 'custom' },
  };
}

describe('the retention catalog', () => {
  let layout: RepositoryLayout;
  const ids = ['20260301T020000000Z-aaaaaa', '20260302T020000000Z-bbbbbb', '20260303T020000000Z-cccccc'];

  async function writeManifest(id: string, database: string, status?: string): Promise<void> {
    await mkdir(layout.backupDir(id), { recursive: true });
    // As Tidemark writes manifests: a new file renamed over the old one.
    await writeFile(`${layout.manifestFile(id)}.tmp`, JSON.stringify(manifest(id, database, status)));
    await rename(`${layout.manifestFile(id)}.tmp`, layout.manifestFile(id));
  }
  /** A new process: the catalog file, not the one in memory. */
  async function readFresh() {
    forgetBackupCatalog(layout.root);
    return readRepositoryBackups(layout, later);
  }
  const databases = (read: Awaited<ReturnType<typeof readRepositoryBackups>>) => read.candidates.map((c) => `${c.id} ${c.database} ${c.status}`);

  beforeEach(async () => {
    layout = repositoryLayout(await mkdtemp(join(tmpdir(), 'tidemark-catalog-')));
    for (const id of ids) await writeManifest(id, 'shop');
  });
  afterEach(async () => {
    forgetBackupCatalog(layout.root);
    await rm(layout.root, { recursive: true, force: true });
  });

  it('is written on the first read and used by the next process while the manifests are unchanged', async () => {
    const first = await readFresh();
    expect(first).toMatchObject({ manifestsRead: 3, fromCatalog: 0, unreadable: [] });
    expect([...(await loadCatalogFile(layout.retentionCatalogFile))!.keys()].sort()).toEqual(ids);
    const again = await readFresh();
    expect(again).toMatchObject({ manifestsRead: 0, fromCatalog: 3 });
    expect(again.candidates).toEqual(first.candidates);
  });

  it('notices a backup added, a backup removed and a manifest rewritten with the same size and mtime', async () => {
    // A whole second, so that the same mtime can be put back exactly.
    const settled = Math.floor(Date.now() / 1000) - 3600;
    await utimes(layout.manifestFile(ids[1]!), settled, settled);
    await readFresh();
    const added = '20260304T020000000Z-dddddd';
    await writeManifest(added, 'shop');
    await rm(layout.backupDir(ids[0]!), { recursive: true });
    // Same length ("shop" → "crm1"), and the old mtime put back: the rename still shows in ino and ctime.
    const before = await stat(layout.manifestFile(ids[1]!));
    await writeManifest(ids[1]!, 'crm1');
    await utimes(layout.manifestFile(ids[1]!), settled, settled);
    const after = await stat(layout.manifestFile(ids[1]!));
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);

    const read = await readFresh();
    expect(read).toMatchObject({ manifestsRead: 2, fromCatalog: 1 });
    expect(databases(read)).toEqual([`${added} shop complete`, `${ids[2]} shop complete`, `${ids[1]} crm1 complete`]);
    expect([...(await loadCatalogFile(layout.retentionCatalogFile))!.keys()].sort()).toEqual([ids[1], ids[2], added]);
    // In the same process, the catalog in memory is checked the same way.
    await writeManifest(ids[2]!, 'shop', 'failed');
    const inProcess = await readRepositoryBackups(layout, later);
    expect(inProcess).toMatchObject({ manifestsRead: 1, fromCatalog: 2 });
    expect(databases(inProcess)).toContain(`${ids[2]} shop failed`);
  });

  it('rebuilds a catalog that is damaged, cut short, edited by hand or missing', async () => {
    const first = await readFresh();
    const text = await readFile(layout.retentionCatalogFile, 'utf8');
    const damaged = [
      'not json at all',
      text.slice(0, Math.floor(text.length / 2)),
      // Valid JSON, but not what was written: the checksum no longer matches.
      text.replace('"verified":false', '"verified":true'),
      '',
    ];
    for (const content of damaged) {
      await writeFile(layout.retentionCatalogFile, content);
      const read = await readFresh();
      expect(read).toMatchObject({ manifestsRead: 3, fromCatalog: 0 });
      expect(read.candidates).toEqual(first.candidates);
      expect(await readFile(layout.retentionCatalogFile, 'utf8')).toBe(text);
    }
    await rm(layout.retentionCatalogFile);
    expect(await readFresh()).toMatchObject({ manifestsRead: 3, fromCatalog: 0 });
    expect(await readFile(layout.retentionCatalogFile, 'utf8')).toBe(text);
  });

  it('does not keep a manifest written moments ago (its stat may not show a rewrite yet), and never keeps an unreadable one', async () => {
    expect(await readRepositoryBackups(layout)).toMatchObject({ manifestsRead: 3 });
    expect(await readRepositoryBackups(layout)).toMatchObject({ manifestsRead: 3, fromCatalog: 0 });
    await writeFile(layout.manifestFile(ids[0]!), '{"id": "20260301T020000000Z-aaaaaa", "kind": "logical"');
    const read = await readFresh();
    expect(read.unreadable.map((u) => u.id)).toEqual([ids[0]]);
    expect(read.candidates.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect((await loadCatalogFile(layout.retentionCatalogFile))!.has(ids[0]!)).toBe(false);
  });
});
