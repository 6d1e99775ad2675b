import { join } from 'node:path';
import type { PlannedTarget, RecoveryResult } from '../../shared/domain/pitr';
import { writeClusterPgpass } from '../clusters/cluster-pgpass';
import { clusterPgpassFile, type ManagedClusters } from '../clusters/managed-clusters';
import type { ProfileStore } from '../profiles/profile-store';
import type { ManagedClusterRecord } from '../settings/settings-store';
import { withLocalClient, type ClusterSocket } from './recovered-cluster-access';
import { describeEndState } from './recovery-problems';
import type { RecoveryLogReader } from './recovery-log-reader';
import { updateRecoveryRecord } from './recovery-record';
import { readReplayStatus } from './recovery-watch';
import { countTableRows } from './table-row-counts';

/** A new recovered copy gets a connection profile, recorded on its registry record. */
export interface RecoveredClusterResultDeps {
  readonly profiles: ProfileStore;
  readonly clusters: ManagedClusters;
}

export interface ResultContext {
  deps: RecoveredClusterResultDeps;
  record: ManagedClusterRecord;
  clusterFolder: string;
  socket: ClusterSocket;
  superuser: string | null;
  end: 'promoted' | 'paused';
  reader: RecoveryLogReader;
  backupId: string;
  target: PlannedTarget;
  previousDataDir: string | null;
  /** A login the source accepts (the copy has the same roles): kept in the cluster's pgpass file. */
  credentials: { user: string; password: string } | null;
  /** The database the source's profile used, preferred for the new profile. */
  preferredDatabase: string | null;
  /** Make a profile when the cluster has none (a new recovered copy). */
  createProfile: boolean;
  startedAt: number;
  signal: AbortSignal;
}

/**
 * The checks after recovery and what the user gets: pg_is_in_recovery(), the last replayed commit,
 * the new timeline, exact row counts of every table, and a connection profile for the copy.
 */
export async function recoveredClusterResult(context: ResultContext): Promise<RecoveryResult> {
  const { socket, superuser, reader, deps } = context;
  let status = superuser ? await readReplayStatus(socket, superuser).catch(() => null) : null;
  if (context.end === 'promoted' && superuser) {
    // pg_ctl promote and the end-of-recovery steps finish a moment after the log says so.
    for (let attempt = 0; attempt < 50 && status?.inRecovery !== false; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await readReplayStatus(socket, superuser).catch(() => status);
    }
  }
  const timeline = reader.newTimeline ?? (superuser ? await currentTimeline(socket, superuser).catch(() => null) : null);
  const counted = superuser ? await countTableRows(socket, superuser, context.signal) : { tables: [], notCounted: 0, locked: [] };

  let profileId = context.record.profileId;
  if (context.createProfile && superuser && !profileId) {
    const databases = new Set(counted.tables.map((t) => t.database));
    const database = await chooseDatabase(socket, superuser, context.preferredDatabase, databases);
    const profiles = deps.profiles;
    const profile = profiles.save({
      name: uniqueProfileName(profiles, context.record.name),
      // The private socket folder: trusted for the invoking user, whatever the copy's passwords are.
      target: { kind: 'params', host: socket.socketDir, port: socket.port, database, user: superuser, sslmode: 'disable' },
      managedClusterId: context.record.id,
    });
    profileId = profile.id;
    deps.clusters.update(context.record.id, { profileId });
    if (context.credentials) {
      await writeClusterPgpass(clusterPgpassFile(context.record), { port: socket.port, ...context.credentials });
    }
  }
  await updateRecoveryRecord(context.clusterFolder, { status: context.end, superuser, endedAt: new Date().toISOString() });

  const lastReplayedCommitTime = status?.lastCommitTime ?? reader.lastCommitTime;
  return {
    end: describeEndState({ kind: context.end }),
    clusterId: context.record.id,
    clusterName: context.record.name,
    dataDir: context.record.dataDir,
    port: socket.port,
    socketDir: socket.socketDir,
    profileId,
    superuser: superuser ?? '',
    inRecovery: status?.inRecovery ?? context.end === 'paused',
    lastReplayedCommitTime,
    replayLsn: status?.replayLsn ?? null,
    stopPoint: reader.stopping ? `${reader.stopping.description}${reader.stopping.time ? `, time ${reader.stopping.time}` : ''}` : null,
    timeline,
    tables: counted.tables,
    tablesNotCounted: counted.notCounted,
    tablesLocked: counted.locked,
    backupId: context.backupId,
    target: context.target,
    previousDataDir: context.previousDataDir,
    segmentsRestored: 0,
    elapsedMs: Date.now() - context.startedAt,
    serverLog: join(context.clusterFolder, 'server.log'),
  };
}

async function currentTimeline(socket: ClusterSocket, user: string): Promise<number | null> {
  return withLocalClient(socket, user, async (client) => {
    const { rows } = await client.query<{ tli: number }>(
      "select case when pg_is_in_recovery() then (select timeline_id from pg_control_checkpoint()) else ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int end as tli",
    );
    return rows[0]?.tli ?? null;
  });
}

async function chooseDatabase(socket: ClusterSocket, user: string, preferred: string | null, withTables: Set<string>): Promise<string> {
  const names = await withLocalClient(socket, user, async (client) =>
    (await client.query<{ datname: string }>('select datname from pg_database where datallowconn and not datistemplate order by datname')).rows.map(
      (r) => r.datname,
    ),
  );
  if (preferred && names.includes(preferred)) return preferred;
  return names.find((name) => withTables.has(name) && name !== 'postgres') ?? (names.includes('postgres') ? 'postgres' : (names[0] ?? 'template1'));
}

function uniqueProfileName(profiles: ProfileStore, base: string): string {
  const taken = new Set(profiles.list().map((p) => p.name.toLowerCase()));
  const clean = base.replace(/[/\\]/g, '-').slice(0, 74);
  for (let n = 1; ; n++) {
    const name = n === 1 ? clean : `${clean} (${n})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}
