import type { Schedule } from '../../shared/contract/schedules';
import type { ArchiverStatus } from '../../shared/domain/archiving';
import { toErrorPayload } from '../../shared/domain/errors';
import type { TidemarkEvent } from '../../shared/domain/notification-event';
import type { ConnectionProfile } from '../../shared/domain/profile';
import { lastArchiveFailureInLog } from '../archive/archiver-failure-log';
import { newArchiverHistory, readArchiverStatus } from '../archive/archiver-status';
import { redactText } from '../notifications/redaction';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import { withClient } from '../profiles/open-client';
import type { ProfileStore } from '../profiles/profile-store';
import { nextArchiverStreak, type ArchiverWatchEntry } from './archiver-streak';
import { ScheduleFiles } from './schedule-files';

export type ArchiverFailingEvent = Extract<TidemarkEvent, { type: 'archiver.failing' }>;

export interface ArchiverWatchDeps {
  readonly profiles: Pick<ProfileStore, 'list'>;
  readonly connections: Pick<ConnectionResolver, 'resolve'>;
  log(line: string): void;
  /** A server is read at most this often per profile (default 5 min). */
  readonly checkEveryMs?: number;
  /** Connecting gives up after this long (default 3 s), and so does each query: one dead server holds up no tick. */
  readonly timeoutMs?: number;
}

// Within the runbooks' 10 minutes for "the archiver may be stuck" (seed 000), and light on the server.
const defaultCheckEveryMs = 5 * 60_000;
const defaultTimeoutMs = 3_000;

const noServerWords =
  'Tidemark cannot read the server\'s log (it needs logging_collector on and a role that may read server files): look there for "archive command failed". Segments stay in pg_wal until archiving works again.';

/**
 * Watches the archiver (pg_stat_archiver) of each profile that has a schedule in the repository,
 * from the runner's tick, and says when it starts failing: one `archiver.failing` per failing
 * streak, with the segment and the server's own words, and a new one after it recovered and
 * failed again (see nextArchiverStreak).
 *
 * Which profiles: those the runner looks after, the ones with a schedule here (paused or not; the
 * archiver matters while backups are paused). A profile without one may be a server someone only
 * browses (a colleague's production server): the daemon does not connect to it every few minutes
 * behind their back. A server whose archive_mode is off or has no command has no archiver to fail
 * (the readiness check says that), so it is never reported here.
 */
export class ArchiverWatch {
  private readonly checkEveryMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly deps: ArchiverWatchDeps) {
    this.checkEveryMs = deps.checkEveryMs ?? defaultCheckEveryMs;
    this.timeoutMs = deps.timeoutMs ?? defaultTimeoutMs;
  }

  /** Checks the profiles that are due, side by side; returns the events to publish. */
  async check(repositoryDir: string, schedules: readonly Schedule[], now: Date): Promise<ArchiverFailingEvent[]> {
    const watched = new Set(schedules.map((schedule) => schedule.profileId));
    const files = new ScheduleFiles(repositoryDir);
    const entries = await files.readArchiverWatch();
    const due = this.deps.profiles.list().filter((profile) => watched.has(profile.id) && this.isDue(entries[profile.id], now));
    const forgotten = Object.keys(entries).filter((profileId) => !watched.has(profileId));
    if (due.length === 0 && forgotten.length === 0) return [];
    const checks = await Promise.all(due.map((profile) => this.checkProfile(profile, entries[profile.id], now)));
    for (const profileId of forgotten) delete entries[profileId];
    for (const { entry } of checks) entries[entry.profileId] = entry;
    await files.writeArchiverWatch(entries);
    return checks.flatMap(({ event }) => (event ? [event] : []));
  }

  private isDue(entry: ArchiverWatchEntry | undefined, now: Date): boolean {
    if (!entry) return true;
    const sinceMs = now.getTime() - Date.parse(entry.checkedAt);
    // A clock set back (or a check recorded by a machine ahead of this one) must not stop the watch.
    return sinceMs >= this.checkEveryMs || sinceMs < 0;
  }

  private async checkProfile(
    profile: ConnectionProfile,
    previous: ArchiverWatchEntry | undefined,
    now: Date,
  ): Promise<{ entry: ArchiverWatchEntry; event?: ArchiverFailingEvent }> {
    let status: ArchiverStatus;
    let serverWords: string | null;
    try {
      ({ status, serverWords } = await this.read(profile, now));
    } catch (error) {
      const reason = toErrorPayload(error).message;
      if (!previous?.unreachable) this.deps.log(`archiver watch: cannot read ${profile.name}'s archiver: ${reason}`);
      const kept = previous ?? { profileId: profile.id, failedCount: null, failingSince: null };
      return { entry: { ...kept, checkedAt: now.toISOString(), unreachable: reason } };
    }
    if (previous?.unreachable) this.deps.log(`archiver watch: ${profile.name} answers again`);
    const reading = {
      archiving: status.archiveMode !== 'off' && status.configured,
      failedCount: status.failedCount,
      lastFailedTime: status.lastFailedTime,
      lastArchivedTime: status.lastArchivedTime,
    };
    const { step, entry } = nextArchiverStreak(profile.id, previous, reading, now);
    if (step === 'recovered') {
      this.deps.log(`archiver watch: ${profile.name}: archiving works again (${status.lastArchivedWal} archived at ${status.lastArchivedTime})`);
    }
    if (step !== 'streak-started') return { entry };
    // A command may carry an address with a token in it: the message goes to webhooks and mail.
    const hint = serverWords ? `The server says: ${redactText(serverWords)}` : noServerWords;
    this.deps.log(`archiver watch: ${profile.name}: archiving is failing (${status.failedCount} failures, last on ${status.lastFailedWal})`);
    return {
      entry,
      event: {
        type: 'archiver.failing',
        at: now.toISOString(),
        profileId: profile.id,
        profileName: profile.name,
        failedCount: status.failedCount,
        lastFailedWal: status.lastFailedWal,
        lastFailedAt: status.lastFailedTime,
        failingSince: entry.failingSince!,
        hint,
      },
    };
  }

  private async read(profile: ConnectionProfile, now: Date): Promise<{ status: ArchiverStatus; serverWords: string | null }> {
    const resolved = await this.deps.connections.resolve({ profile });
    const quick = {
      ...resolved,
      clientConfig: { ...resolved.clientConfig, connectionTimeoutMillis: this.timeoutMs, query_timeout: this.timeoutMs, statement_timeout: this.timeoutMs },
    };
    return withClient(quick, async (client) => {
      const status = await readArchiverStatus(client, newArchiverHistory(), now);
      const failing = status.warnings.some((warning) => warning.code === 'failing');
      return { status, serverWords: failing ? await lastArchiveFailureInLog(client) : null };
    });
  }
}
