import { setTimeout as delay } from 'node:timers/promises';
import { TidemarkError, toErrorPayload } from '../../shared/domain/errors';
import { parseLsn } from '../../shared/domain/wal';
import { isClusterRunning, startCluster, type ClusterBinaries } from '../clusters/local-cluster';
import { findSuperuser, withLocalClient, type ClusterSocket } from './recovered-cluster-access';
import { recoveryError } from './recovery-problems';
import type { RecoveryLogReader } from './recovery-log-reader';
import type { RecoveryProgressTracker } from './recovery-progress';

export interface WatchOptions {
  binaries: ClusterBinaries;
  dataDir: string;
  socket: ClusterSocket;
  logFile: string;
  reader: RecoveryLogReader;
  tracker: RecoveryProgressTracker;
  signal: AbortSignal;
  /** recovery_target_action = 'pause': stopping at the target is an end state. */
  expectPause: boolean;
  /** Roles to log in as until the bootstrap superuser is known. */
  roleCandidates: readonly string[];
  superuser: string | null;
  /** Start the server first (false when it already runs: resume). */
  start: boolean;
}

export interface WatchOutcome {
  end: 'promoted' | 'paused';
  superuser: string | null;
}

const pollMs = 300;
// How often to ask pg_ctl whether the server still runs (a crash without a FATAL line).
const aliveCheckMs = 2_000;
// pg_ctl --wait returns once the server accepts (read-only) connections, after the backup's
// consistent point; replaying to it can take as long as the backup's own WAL, so no short limit.
const startTimeoutSeconds = 7 * 24 * 3600;

/**
 * Starts a recovering server (as the invoking user) and follows it to an end state: promoted,
 * paused at the target, or stopped short, which throws the end state as an error. Progress comes
 * from the log (segments restored) and, once the server accepts queries, from
 * pg_last_wal_replay_lsn() and pg_last_xact_replay_timestamp().
 */
export async function watchRecovery(options: WatchOptions): Promise<WatchOutcome> {
  const { reader, tracker, socket } = options;
  let superuser = options.superuser;
  let startError: unknown = null;
  let started = !options.start;
  let settled = !options.start;
  const starting = options.start
    ? startCluster({
        binaries: options.binaries,
        dataDir: options.dataDir,
        port: socket.port,
        logFile: options.logFile,
        timeoutSeconds: startTimeoutSeconds,
        signal: options.signal,
      }).then(
        () => {
          started = true;
          settled = true;
        },
        (error: unknown) => {
          startError = error;
          settled = true;
        },
      )
    : Promise.resolve();
  reader.start();
  tracker.phase('replaying');
  let lastAliveCheck = Date.now();
  try {
    for (;;) {
      await (settled ? delay(pollMs) : Promise.race([delay(pollMs), starting]));
      await reader.follower.poll();
      if (options.signal.aborted) throw new TidemarkError('cancelled', 'The recovery was cancelled.');

      if (startError) {
        const payload = toErrorPayload(startError);
        if (payload.code === 'port_in_use') throw recoveryError({ kind: 'port-in-use', port: socket.port }, startError);
        if (payload.code === 'cancelled') throw startError;
        await reader.follower.poll();
        throw recoveryError(reader.problem() ?? { kind: 'failed', reason: `${payload.message}` }, startError);
      }
      const problem = reader.problem();
      if (problem && (reader.shutDown || !(await isClusterRunning(options.binaries, options.dataDir)))) throw recoveryError(problem);

      if (started) {
        superuser ??= await findSuperuser(socket, options.roleCandidates).catch(() => null);
        if (superuser) {
          const status = await readReplayStatus(socket, superuser).catch(() => null);
          if (status) {
            tracker.replay(status.replayLsn, status.lastCommitTime);
            if (!status.inRecovery) return { end: 'promoted', superuser };
            if (options.expectPause && status.paused && (reader.stopping || reader.paused)) return { end: 'paused', superuser };
          }
        }
      }
      if (reader.promoted) return { end: 'promoted', superuser };
      if (options.expectPause && reader.paused && started) return { end: 'paused', superuser };
      tracker.publish();

      if (Date.now() - lastAliveCheck > aliveCheckMs && started) {
        lastAliveCheck = Date.now();
        if (!(await isClusterRunning(options.binaries, options.dataDir))) {
          await reader.follower.poll();
          throw recoveryError(reader.problem() ?? { kind: 'failed', reason: `the server stopped during recovery:\n${await reader.tail()}` });
        }
      }
    }
  } finally {
    await starting;
  }
}

export interface ReplayStatus {
  inRecovery: boolean;
  paused: boolean;
  replayLsn: ReturnType<typeof parseLsn>;
  lastCommitTime: string | null;
}

export async function readReplayStatus(socket: ClusterSocket, user: string): Promise<ReplayStatus> {
  return withLocalClient(socket, user, async (client) => {
    const { rows } = await client.query<{ in_recovery: boolean; lsn: string | null; t: string | null; pause: string }>(`
      select pg_is_in_recovery() as in_recovery,
             pg_last_wal_replay_lsn()::text as lsn,
             to_char(pg_last_xact_replay_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as t,
             case when pg_is_in_recovery() then pg_get_wal_replay_pause_state() else 'not paused' end as pause`);
    const row = rows[0]!;
    return { inRecovery: row.in_recovery, paused: row.pause === 'paused', replayLsn: row.lsn ? parseLsn(row.lsn) : null, lastCommitTime: row.t };
  });
}
