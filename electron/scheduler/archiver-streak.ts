/** What the archiver watch keeps of a profile between checks (in the repository, see ScheduleFiles). */
export interface ArchiverWatchEntry {
  profileId: string;
  /** The last attempt to check, read or not: the next waits out the watch's interval from here. */
  checkedAt: string;
  /** pg_stat_archiver.failed_count at the last reading; null before the first. */
  failedCount: number | null;
  /** When the failing streak that was told began; null while the archiver works. */
  failingSince: string | null;
  /** Why the server could not be read at the last check (logged when it starts, not every check). */
  unreachable: string | null;
}

/** The part of pg_stat_archiver the watch decides on. */
export interface ArchiverReading {
  /** archive_mode is not off and a command or library is set: there is an archiver to fail. */
  archiving: boolean;
  failedCount: number;
  lastFailedTime: string | null;
  lastArchivedTime: string | null;
}

export type ArchiverStreakStep =
  /** Failures new since the last check, and nothing archived after them: tell people. */
  | 'streak-started'
  | 'still-failing'
  /** The streak that was told is over: segments are archived again. */
  | 'recovered'
  | 'working'
  | 'not-archiving';

/**
 * One check's decision. A streak starts when failed_count grew since the last reading (or there
 * is no earlier reading) and the last failure is newer than the last success: a failure that was
 * already followed by an archived segment fixed itself and is not news. Once told, a streak is
 * not told again until a segment is archived after it (recovered); the next failure starts a new one.
 * A failed_count below the last reading (pg_stat_reset_shared('archiver'), or another server behind
 * the profile) starts the count afresh.
 */
export function nextArchiverStreak(
  profileId: string,
  previous: ArchiverWatchEntry | undefined,
  reading: ArchiverReading,
  now: Date,
): { step: ArchiverStreakStep; entry: ArchiverWatchEntry } {
  const base = { profileId, checkedAt: now.toISOString(), failedCount: reading.failedCount, unreachable: null };
  const wasTold = previous?.failingSince ?? null;
  if (!reading.archiving) return { step: 'not-archiving', entry: { ...base, failingSince: null } };
  const failingNow =
    reading.lastFailedTime !== null && (reading.lastArchivedTime === null || Date.parse(reading.lastFailedTime) > Date.parse(reading.lastArchivedTime));
  if (!failingNow) return { step: wasTold ? 'recovered' : 'working', entry: { ...base, failingSince: null } };
  if (wasTold) return { step: 'still-failing', entry: { ...base, failingSince: wasTold } };
  const baseline = previous?.failedCount ?? null;
  const grew = baseline === null || reading.failedCount < baseline ? reading.failedCount > 0 : reading.failedCount > baseline;
  return grew
    ? { step: 'streak-started', entry: { ...base, failingSince: now.toISOString() } }
    : { step: 'still-failing', entry: { ...base, failingSince: null } };
}
