import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { scheduleSchema, type Schedule } from '../../shared/contract/schedules';
import { TidemarkError } from '../../shared/domain/errors';
import type { ScheduleRun } from '../../shared/domain/schedule';
import { writeJsonAtomic } from '../repository/atomic-file';
import type { ArchiverWatchEntry } from './archiver-streak';

/**
 * Schedules live in the repository, so the app, the CLI and a daemon on another machine that
 * point at the same folder agree on them:
 *
 *   <repo>/schedules.json                  the schedules (any process edits it, atomically)
 *   <repo>/schedules/<id>.state.json       what the runner did of each: slots handled, queue, retry, runs
 *   <repo>/schedules/runner.lease          who runs them now (see RunnerLeases)
 *   <repo>/schedules/requests/<id>.json    "run now" asked by a process that is not the runner
 *   <repo>/schedules/archiver-watch.json   the archiver watch's last check per profile, and the streak it told
 */
export interface ScheduleState {
  scheduleId: string;
  /** The newest slot handled (run, queued or recorded missed); slots after it are still to come. */
  handledUntil: string | null;
  /** With overlap queue-one: the slot to run when the current run ends. */
  queued: { slot: string } | null;
  /** A failed run's next attempt. */
  retry: { slot: string; attempt: number; at: string } | null;
  /** Oldest first, the newest `maxRunsKept`. */
  runs: ScheduleRun[];
}

const maxRunsKept = 500;
const schedulesFileSchema = z.object({ version: z.literal(1), schedules: z.array(scheduleSchema) });
const archiverWatchFileSchema = z.object({
  version: z.literal(1),
  profiles: z.record(
    z.string(),
    z.object({
      profileId: z.string(),
      checkedAt: z.string(),
      failedCount: z.number().nullable(),
      failingSince: z.string().nullable(),
      unreachable: z.string().nullable(),
    }),
  ),
});

async function readJson(file: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TidemarkError('internal', `${file} is not valid JSON: ${(error as Error).message}`, {
      hint: 'Restore it from a copy, or move it away to start again (the backups themselves are not affected).',
    });
  }
}

export class ScheduleFiles {
  readonly schedulesFile: string;
  readonly dir: string;
  readonly leaseFile: string;
  readonly requestsDir: string;
  readonly archiverWatchFile: string;

  constructor(readonly root: string) {
    this.schedulesFile = join(root, 'schedules.json');
    this.dir = join(root, 'schedules');
    this.leaseFile = join(this.dir, 'runner.lease');
    this.requestsDir = join(this.dir, 'requests');
    this.archiverWatchFile = join(this.dir, 'archiver-watch.json');
  }

  async readSchedules(): Promise<Schedule[]> {
    const json = await readJson(this.schedulesFile);
    if (json === undefined) return [];
    const parsed = schedulesFileSchema.safeParse(json);
    if (!parsed.success) {
      throw new TidemarkError('internal', `${this.schedulesFile} does not hold valid schedules: ${parsed.error.issues[0]?.message ?? 'unknown'}.`, {
        hint: 'Fix or remove the schedule it names; nothing runs from it until then.',
      });
    }
    return parsed.data.schedules;
  }

  async writeSchedules(schedules: Schedule[]): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await writeJsonAtomic(this.schedulesFile, { version: 1, schedules });
  }

  stateFile(scheduleId: string): string {
    return join(this.dir, `${scheduleId}.state.json`);
  }

  async readState(scheduleId: string): Promise<ScheduleState> {
    const json = (await readJson(this.stateFile(scheduleId))) as ScheduleState | undefined;
    return json ?? { scheduleId, handledUntil: null, queued: null, retry: null, runs: [] };
  }

  async writeState(state: ScheduleState): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeJsonAtomic(this.stateFile(state.scheduleId), { ...state, runs: state.runs.slice(-maxRunsKept) });
  }

  /** The archiver watch's entries by profile id; a damaged file only costs a repeated message, so it starts afresh. */
  async readArchiverWatch(): Promise<Record<string, ArchiverWatchEntry>> {
    const json = await readJson(this.archiverWatchFile).catch(() => undefined);
    const parsed = archiverWatchFileSchema.safeParse(json);
    return parsed.success ? parsed.data.profiles : {};
  }

  async writeArchiverWatch(profiles: Record<string, ArchiverWatchEntry>): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeJsonAtomic(this.archiverWatchFile, { version: 1, profiles });
  }
}
