import { join } from 'node:path';
import type pg from 'pg';
import type { RequestOutput, RequestParsed } from '../../shared/contract';
import type { BackupManifest } from '../../shared/domain/backup';
import { TidemarkError } from '../../shared/domain/errors';
import type { JobProgress } from '../../shared/domain/job';
import { allowsSnapshots, type ConnectionProfile } from '../../shared/domain/profile';
import { ttlMs, type SnapshotPrepareResult, type SnapshotRecord, type SnapshotView } from '../../shared/domain/snapshot';
import type { JobContext, JobRegistry } from '../jobs/job-registry';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import { withClient } from '../profiles/open-client';
import { dropDatabase } from '../restore/target-database';
import {
  clearSessions,
  type ClusterDatabase,
  createFromTemplate,
  freeBytesOnServer,
  readCommentedDatabases,
  readDatabase,
  readSessions,
  renameDatabase,
  serverVersionNum,
  setComment,
} from './cluster-catalog';
import { createStrategyFor } from './create-strategy';
import { compareShapes, readRowCounts, readTableShapes } from './schema-comparison';
import { SnapshotRecords } from './snapshot-records';
import { newSnapshotId, preparedCopyComment, preparedDatabaseName, snapshotComment, snapshotDatabaseName, snapshotIdOfComment } from './snapshot-names';

export interface SnapshotServiceDeps {
  readonly profiles: { get(id: string): ConnectionProfile };
  readonly connections: Pick<ConnectionResolver, 'access'>;
  readonly jobs: JobRegistry;
  /** Records live in <home>/snapshots/. */
  readonly paths: { readonly home: string };
  /** Logical restores and backups live in restore/ and backups/: handed in by createServices. */
  readonly restoreLogical: (request: {
    backupId: string;
    repositoryDir?: string;
    connection: { profileId: string };
    target: { kind: 'new'; database: string };
  }) => Promise<{ jobId: string }>;
  readonly startBackup: (request: { connection: { profileId: string }; databases: string[]; repositoryDir?: string }) => Promise<{ jobId: string }>;
  readonly getBackup: (id: string, repositoryDir?: string) => Promise<BackupManifest>;
  readonly clock?: { now(): Date };
}

// One operation at a time per database of a profile: a restore and a create of the same database
// would otherwise rename it under each other. Preparations run outside it (restore never waits
// for one: without a ready copy it takes the template path).
const busy = new Map<string, Promise<unknown>>();

/**
 * Dev database snapshots: databases on the same cluster (tidemark_snap_<id>, commented with the
 * id), recorded in the app's data folder, restored by renaming a prepared copy into place.
 */
export class SnapshotService {
  private readonly records: SnapshotRecords;

  constructor(private readonly deps: SnapshotServiceDeps) {
    this.records = new SnapshotRecords(join(deps.paths.home, 'snapshots'));
  }

  async create(request: RequestParsed<'snapshots.create'>): Promise<RequestOutput<'snapshots.create'>> {
    const profile = this.allowedProfile(request.profileId);
    if (request.name && (await this.records.list()).some((r) => r.profileId === profile.id && r.name === request.name)) {
      throw new TidemarkError('conflict', `A snapshot named ${request.name} already exists.`, { hint: 'Pick another name, or delete that one first.' });
    }
    return this.serialized(profile.id, request.database, () =>
      this.withMaintenance(profile, request.database, async (client) => {
        const source = await readDatabase(client, request.database);
        if (!source) throw new TidemarkError('database_not_found', `There is no database ${request.database} on this server.`);
        const started = performance.now();
        const terminated = await clearSessions(client, request.database, request.terminate, `A snapshot of ${request.database}`);
        await this.checkFreeSpace(client, source.sizeBytes, `a snapshot of ${request.database}`);
        const id = newSnapshotId();
        const database = snapshotDatabaseName(id);
        const strategy = createStrategyFor(source.sizeBytes, await serverVersionNum(client));
        await createFromTemplate(client, database, request.database, strategy);
        await setComment(client, database, snapshotComment(id));
        const durationMs = Math.round(performance.now() - started);
        const now = this.now();
        const snapshot = await this.records.save({
          id,
          name: request.name ?? `${request.database} ${now.toISOString().slice(0, 19).replace('T', ' ')}`,
          profileId: profile.id,
          sourceDatabase: request.database,
          database,
          sourceComment: source.comment,
          kind: 'manual',
          createdAt: now.toISOString(),
          sizeBytes: source.sizeBytes,
          note: request.note ?? null,
          expiresAt: request.ttl ? new Date(now.getTime() + ttlMs(request.ttl)).toISOString() : null,
          strategy: strategy ?? 'FILE_COPY',
          createDurationMs: durationMs,
          preparedCopies: request.preparedCopies,
          preparedDatabase: null,
          lastRestore: null,
          lastPrepareMs: null,
        });
        const preparationJobId = snapshot.preparedCopies ? this.startPreparation(snapshot) : null;
        return { snapshot, durationMs, strategy: snapshot.strategy, terminated, preparationJobId };
      }),
    );
  }

  async list(request: RequestParsed<'snapshots.list'>): Promise<RequestOutput<'snapshots.list'>> {
    const records = (await this.records.list()).filter(
      (r) => (!request.profileId || r.profileId === request.profileId) && (!request.database || r.sourceDatabase === request.database),
    );
    let present: Set<string> | null = null;
    const unrecorded: RequestOutput<'snapshots.list'>['unrecorded'] = [];
    if (request.profileId) {
      const profile = this.deps.profiles.get(request.profileId);
      const commented = await withClient(await this.deps.connections.access({ profile }).connect('postgres'), readCommentedDatabases);
      present = new Set(commented.map((d) => d.name));
      const known = new Set((await this.records.list()).map((r) => r.id));
      for (const db of commented) {
        const marker = snapshotIdOfComment(db.comment);
        if (marker && !marker.copy && !known.has(marker.id)) unrecorded.push({ database: db.name, id: marker.id, sizeBytes: db.sizeBytes });
      }
    }
    const snapshots: SnapshotView[] = records.map((record) => ({
      ...record,
      present: present ? present.has(record.database) : null,
      // An undo or a ready copy is renamed into place: no measurement yet means well under a second.
      expectedRestoreMs: record.lastRestore?.durationMs ?? (record.preparedDatabase || record.kind === 'undo' ? null : record.createDurationMs),
    }));
    const totalBytes = snapshots.reduce((sum, s) => sum + s.sizeBytes * (s.preparedDatabase ? 2 : 1), 0);
    return { snapshots, unrecorded, totalBytes };
  }

  async sessions(request: RequestParsed<'snapshots.sessions'>): Promise<RequestOutput<'snapshots.sessions'>> {
    const profile = this.deps.profiles.get(request.profileId);
    return this.withMaintenance(profile, request.database, (client) => readSessions(client, request.database));
  }

  async restore(request: RequestParsed<'snapshots.restore'>): Promise<RequestOutput<'snapshots.restore'>> {
    const found = await this.find(request.snapshot);
    const profile = this.allowedProfile(found.profileId);
    const target = found.sourceDatabase;
    return this.serialized(profile.id, target, () =>
      this.withMaintenance(profile, target, async (client) => {
        const snapshot = await this.find(found.id);
        await this.checkOwned(client, snapshot.database, snapshot.id, false);
        const started = performance.now();
        const current = await readDatabase(client, target);
        const terminated = current ? await clearSessions(client, target, request.terminate, `Restoring ${snapshot.name}`) : [];
        const prepared = snapshot.preparedDatabase ? await readDatabase(client, snapshot.preparedDatabase) : null;
        const usable = prepared && snapshotIdOfComment(prepared.comment)?.id === snapshot.id ? prepared.name : null;
        // An undo snapshot is consumed by its restore: renamed into place, no copy.
        const renameFrom = snapshot.kind === 'undo' ? snapshot.database : usable;
        const undoId = newSnapshotId();
        const undoDatabase = snapshotDatabaseName(undoId);
        if (current) await this.renameAway(client, target, undoDatabase);
        try {
          if (renameFrom) await renameDatabase(client, renameFrom, target);
          else await createFromTemplate(client, target, snapshot.database, createStrategyFor(snapshot.sizeBytes, await serverVersionNum(client)));
        } catch (error) {
          if (current) await renameDatabase(client, undoDatabase, target).catch(() => undefined);
          throw error;
        }
        await setComment(client, target, snapshot.sourceComment);
        const durationMs = Math.round(performance.now() - started);
        const path = renameFrom ? 'rename' : 'template';
        const now = this.now();
        let undo: SnapshotRecord | null = null;
        if (current) {
          await setComment(client, undoDatabase, snapshotComment(undoId));
          undo = await this.records.save({
            ...snapshot,
            id: undoId,
            name: `undo: ${target} before restoring ${snapshot.name}`,
            database: undoDatabase,
            sourceComment: current.comment,
            kind: 'undo',
            createdAt: now.toISOString(),
            sizeBytes: current.sizeBytes,
            note: null,
            expiresAt: new Date(now.getTime() + ttlMs('7d')).toISOString(),
            createDurationMs: 0,
            preparedCopies: false,
            preparedDatabase: null,
            lastRestore: null,
            lastPrepareMs: null,
          });
        }
        // The state restored before this one's undo goes: one undo per database, until the next restore.
        for (const old of await this.records.list()) {
          if (old.kind === 'undo' && old.id !== undoId && old.profileId === profile.id && old.sourceDatabase === target) await this.dropRecorded(client, old);
        }
        let record: SnapshotRecord | null = null;
        let preparationJobId: string | null = null;
        if (snapshot.kind !== 'undo') {
          record = await this.records.update(snapshot.id, { preparedDatabase: null, lastRestore: { path, durationMs, at: now.toISOString() } });
          if (record.preparedCopies) preparationJobId = this.startPreparation(record);
        }
        return { snapshot: record ?? snapshot, database: target, path, durationMs, terminated, undo, preparationJobId };
      }),
    );
  }

  async compare(request: RequestParsed<'snapshots.compare'>): Promise<RequestOutput<'snapshots.compare'>> {
    const snapshot = await this.find(request.snapshot);
    const access = this.deps.connections.access({ profile: this.deps.profiles.get(snapshot.profileId) });
    const read = async (database: string) =>
      withClient(await access.connect(database), async (client) => {
        const tables = await readTableShapes(client);
        return { tables, counts: await readRowCounts(client, tables) };
      });
    // Reading the snapshot connects to it: a session on the template would make a create from it fail meanwhile.
    const before = await read(snapshot.database);
    const after = await read(snapshot.sourceDatabase);
    return compareShapes({ snapshot: snapshot.name, database: snapshot.sourceDatabase }, before, after);
  }

  async delete(request: RequestParsed<'snapshots.delete'>): Promise<{ id: string; dropped: string[] }> {
    const snapshot = await this.find(request.snapshot);
    if (request.confirm !== snapshot.name && request.confirm !== snapshot.id) {
      throw new TidemarkError('confirmation_required', `Deleting snapshot ${snapshot.name} needs its name typed as confirmation.`, {
        details: { snapshot: snapshot.name },
      });
    }
    const profile = this.deps.profiles.get(snapshot.profileId);
    return this.withMaintenance(profile, snapshot.sourceDatabase, async (client) => ({ id: snapshot.id, dropped: await this.dropRecorded(client, snapshot) }));
  }

  async cleanup(request: RequestParsed<'snapshots.cleanup'>): Promise<RequestOutput<'snapshots.cleanup'>> {
    const now = this.now().getTime();
    const expired = (await this.records.list()).filter(
      (r) => (!request.profileId || r.profileId === request.profileId) && r.expiresAt !== null && Date.parse(r.expiresAt) <= now,
    );
    const drops: RequestOutput<'snapshots.cleanup'>['drops'] = [];
    for (const record of expired) {
      const profile = this.deps.profiles.get(record.profileId);
      // The plan reads the server: it names only the databases that still carry the record's id, the ones a drop will take.
      const owned = await this.withMaintenance(profile, record.sourceDatabase, (client) => this.ownedDatabases(client, record));
      drops.push({
        id: record.id,
        name: record.name,
        databases: owned.map((d) => d.name),
        sizeBytes: owned.reduce((sum, d) => sum + d.sizeBytes, 0),
        reason: owned.some((d) => d.name === record.database)
          ? `expired ${record.expiresAt}`
          : `expired ${record.expiresAt}; ${record.database} no longer carries its id and is left alone, only the record goes`,
      });
      if (request.apply) await this.withMaintenance(profile, record.sourceDatabase, (client) => this.dropRecorded(client, record));
    }
    return { drops, freedBytes: drops.reduce((sum, d) => sum + d.sizeBytes, 0), applied: request.apply };
  }

  async setPreparedCopies(request: RequestParsed<'snapshots.setPreparedCopies'>): Promise<SnapshotRecord> {
    const snapshot = await this.find(request.snapshot);
    const record = await this.records.update(snapshot.id, { preparedCopies: request.enabled });
    if (!request.enabled && snapshot.preparedDatabase) {
      const profile = this.deps.profiles.get(snapshot.profileId);
      await this.withMaintenance(profile, snapshot.sourceDatabase, async (client) => {
        if (await this.checkOwned(client, snapshot.preparedDatabase!, snapshot.id, true).catch(() => false))
          await dropDatabase(client, snapshot.preparedDatabase!);
      });
      return this.records.update(snapshot.id, { preparedDatabase: null });
    }
    if (request.enabled && !snapshot.preparedDatabase) this.startPreparation(record);
    return record;
  }

  async fromBackup(request: RequestParsed<'snapshots.fromBackup'>): Promise<{ jobId: string }> {
    const manifest = await this.deps.getBackup(request.backupId, request.repositoryDir);
    if (manifest.kind !== 'logical') throw new TidemarkError('invalid_input', `Backup ${request.backupId} is not a logical backup.`);
    if (!manifest.profile) throw new TidemarkError('invalid_input', `Backup ${request.backupId} names no profile to restore it on.`);
    const profile = this.allowedProfile(manifest.profile.id);
    const source = manifest.logical.database;
    const started = this.deps.jobs.start({
      kind: 'snapshots.fromBackup',
      title: `Snapshot ${request.name} from backup ${request.backupId}`,
      run: async (job) => {
        const id = newSnapshotId();
        const database = snapshotDatabaseName(id);
        const started = performance.now();
        job.progress({ phase: 'restoring', message: `pg_restore into ${database}` });
        // The repository's own restore path (pg_restore, checksums, row counts): a snapshot is one more restore target.
        const { jobId } = await this.deps.restoreLogical({
          backupId: request.backupId,
          repositoryDir: request.repositoryDir,
          connection: { profileId: profile.id },
          target: { kind: 'new', database },
        });
        const cancel = () => void this.deps.jobs.cancel(jobId);
        job.signal.addEventListener('abort', cancel);
        try {
          await this.deps.jobs.result(jobId, 'restore.logical');
        } finally {
          job.signal.removeEventListener('abort', cancel);
        }
        return this.withMaintenance(profile, database, async (client) => {
          await setComment(client, database, snapshotComment(id));
          const size = (await readDatabase(client, database))?.sizeBytes ?? 0;
          const now = this.now();
          const record = await this.records.save({
            id,
            name: request.name,
            profileId: profile.id,
            sourceDatabase: source,
            database,
            sourceComment: null,
            kind: 'backup',
            createdAt: now.toISOString(),
            sizeBytes: size,
            note: request.note ?? `from backup ${request.backupId}`,
            expiresAt: request.ttl ? new Date(now.getTime() + ttlMs(request.ttl)).toISOString() : null,
            strategy: 'FILE_COPY',
            createDurationMs: Math.round(performance.now() - started),
            preparedCopies: true,
            preparedDatabase: null,
            lastRestore: null,
            lastPrepareMs: null,
          });
          this.startPreparation(record);
          return record;
        });
      },
    });
    return { jobId: started.id };
  }

  async export(request: RequestParsed<'snapshots.export'>): Promise<{ jobId: string }> {
    const snapshot = await this.find(request.snapshot);
    return this.deps.startBackup({ connection: { profileId: snapshot.profileId }, databases: [snapshot.database], repositoryDir: request.repositoryDir });
  }

  /** The prepared copy, in the background: refused when the disk lacks room for it, partial copy dropped on failure. */
  private startPreparation(snapshot: SnapshotRecord): string {
    return this.deps.jobs.start({
      kind: 'snapshots.prepare',
      title: `Prepare a restore copy of ${snapshot.name}`,
      run: (job) => this.prepare(snapshot, job),
    }).id;
  }

  private async prepare(snapshot: SnapshotRecord, job: JobContext<JobProgress>): Promise<SnapshotPrepareResult> {
    const profile = this.deps.profiles.get(snapshot.profileId);
    const copy = preparedDatabaseName(snapshot.id);
    return withClient(await this.deps.connections.access({ profile }).connect('postgres'), async (client) => {
      job.progress({ phase: 'checking', totalBytes: snapshot.sizeBytes, message: `a prepared copy costs ${snapshot.sizeBytes} bytes` });
      await this.checkOwned(client, snapshot.database, snapshot.id, false);
      await this.checkFreeSpace(client, snapshot.sizeBytes, `the prepared copy of ${snapshot.name}`);
      if (await readDatabase(client, copy)) await dropDatabase(client, copy);
      const started = performance.now();
      // CREATE DATABASE reports no progress: estimate it from the last preparation's time.
      const estimateMs = snapshot.lastPrepareMs ?? snapshot.createDurationMs;
      const ticker = setInterval(() => {
        const fraction = estimateMs > 0 ? Math.min(0.99, (performance.now() - started) / estimateMs) : undefined;
        job.progress({ phase: 'copying', fraction, totalBytes: snapshot.sizeBytes, message: 'estimated from the last preparation' });
      }, 200);
      try {
        job.progress({ phase: 'copying', fraction: 0, totalBytes: snapshot.sizeBytes });
        await createFromTemplate(client, copy, snapshot.database, createStrategyFor(snapshot.sizeBytes, await serverVersionNum(client)));
        await setComment(client, copy, preparedCopyComment(snapshot.id));
      } finally {
        clearInterval(ticker);
      }
      const durationMs = Math.round(performance.now() - started);
      const current = (await this.records.list()).find((r) => r.id === snapshot.id);
      if (!current || !current.preparedCopies) {
        // Deleted or switched off meanwhile: the copy has no owner.
        await dropDatabase(client, copy);
      } else {
        await this.records.update(snapshot.id, { preparedDatabase: copy, lastPrepareMs: durationMs });
      }
      job.progress({ phase: 'done', fraction: 1, totalBytes: snapshot.sizeBytes });
      return { snapshotId: snapshot.id, preparedDatabase: copy, durationMs };
    });
  }

  /** The record's databases (the snapshot and its prepared copy) that are on the server and carry its id in their comment. */
  private async ownedDatabases(client: pg.Client, record: SnapshotRecord): Promise<ClusterDatabase[]> {
    const owned: ClusterDatabase[] = [];
    for (const [database, copy] of [
      [record.database, false],
      [preparedDatabaseName(record.id), true],
    ] as const) {
      const found = await readDatabase(client, database);
      const marker = found ? snapshotIdOfComment(found.comment) : null;
      if (found && marker?.id === record.id && marker.copy === copy) owned.push(found);
    }
    return owned;
  }

  /** Drops a snapshot's databases, each only when its comment carries the record's id (never one that is not ours), then the record. */
  private async dropRecorded(client: pg.Client, record: SnapshotRecord): Promise<string[]> {
    const dropped: string[] = [];
    for (const { name } of await this.ownedDatabases(client, record)) {
      await dropDatabase(client, name);
      dropped.push(name);
    }
    await this.records.remove(record.id);
    return dropped;
  }

  private async checkOwned(client: pg.Client, database: string, id: string, copy: boolean): Promise<true> {
    const found = await readDatabase(client, database);
    if (!found) throw new TidemarkError('database_not_found', `The snapshot's database ${database} is gone from the server.`);
    const marker = snapshotIdOfComment(found.comment);
    if (marker?.id !== id || marker.copy !== copy) {
      throw new TidemarkError('conflict', `${database} does not carry the comment of snapshot ${id}: Tidemark did not make it and leaves it alone.`);
    }
    return true;
  }

  private async renameAway(client: pg.Client, from: string, to: string): Promise<void> {
    // A session that connected between ending the sessions and the rename: end it once more.
    try {
      await renameDatabase(client, from, to);
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error;
      await clearSessions(client, from, true, `Restoring over ${from}`);
      await renameDatabase(client, from, to);
    }
  }

  private async checkFreeSpace(client: pg.Client, neededBytes: number, what: string): Promise<void> {
    const free = await freeBytesOnServer(client);
    if (free !== null && free < neededBytes) {
      throw new TidemarkError('disk_full', `The server's disk has ${free} bytes free and ${what} needs ${neededBytes}.`, {
        hint: 'Free space, delete snapshots, or switch prepared copies off.',
        details: { freeBytes: free, neededBytes },
      });
    }
  }

  private allowedProfile(profileId: string): ConnectionProfile {
    const profile = this.deps.profiles.get(profileId);
    if (!allowsSnapshots(profile)) {
      throw new TidemarkError(
        'confirmation_required',
        `Snapshots are off for ${profile.name}: it is neither a cluster Tidemark manages nor marked as a development server.`,
        {
          hint: 'Snapshots end sessions and drop and rename databases. Mark the profile as a development server (typing its name) to allow them.',
          details: { profile: profile.name },
        },
      );
    }
    return profile;
  }

  private async find(ref: string): Promise<SnapshotRecord> {
    const records = await this.records.list();
    const found = records.find((r) => r.id === ref || r.database === ref) ?? records.find((r) => r.name === ref);
    if (!found) throw new TidemarkError('not_found', `No snapshot named ${ref}.`, { hint: 'See `tidemark snapshot list`.' });
    return found;
  }

  /** A client on the cluster's postgres database (template1 when the database in question is postgres), never on the database itself. */
  private async withMaintenance<T>(profile: ConnectionProfile, database: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const access = this.deps.connections.access({ profile });
    return withClient(await access.connect(database === 'postgres' ? 'template1' : 'postgres'), fn);
  }

  private async serialized<T>(profileId: string, database: string, fn: () => Promise<T>): Promise<T> {
    const key = `${profileId}\0${database}`;
    const run = (busy.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
    busy.set(key, run);
    try {
      return await run;
    } finally {
      if (busy.get(key) === run) busy.delete(key);
    }
  }

  private now(): Date {
    return this.deps.clock?.now() ?? new Date();
  }
}
