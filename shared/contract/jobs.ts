import { z } from 'zod';
import { event, request } from './define';
import { archiveJobs } from './archive';
import { backupJobs } from './backups';
import { physicalJobs } from './physical';
import { pitrJobs } from './pitr';
import { restoreJobs } from './restore';
import { sandboxJobs } from './sandbox';
import { snapshotJobs } from './snapshots';
import type { JobLogLine, JobProgress, JobSnapshot } from '../domain/job';

/**
 * Every kind of long job, declared once beside the request that starts it: its input, progress
 * and result types. A snapshot's `kind` says which, so a follower narrows it without a cast.
 */
export const jobKinds = {
  ...backupJobs,
  ...restoreJobs,
  ...physicalJobs,
  ...archiveJobs,
  ...pitrJobs,
  ...sandboxJobs,
  ...snapshotJobs,
};

export type JobKinds = typeof jobKinds;
export type JobKind = keyof JobKinds;
// Indexed rather than inferred, so that for a generic K the compiler still knows a progress is a JobProgress.
export type JobInputOf<K extends JobKind> = Exclude<JobKinds[K]['__input'], undefined>;
export type JobProgressOf<K extends JobKind> = Exclude<JobKinds[K]['__progress'], undefined>;
export type JobResultOf<K extends JobKind> = Exclude<JobKinds[K]['__result'], undefined>;

/** A job of kind K (or of one of the kinds in a union K), with that kind's progress and result types. */
export type JobSnapshotOf<K extends JobKind> = { [P in K]: JobSnapshot<P, JobProgressOf<P>, JobResultOf<P>> }[K];
/** A job of any kind: what jobs.list / jobs.get and `job.state` carry. */
export type AnyJobSnapshot = JobSnapshotOf<JobKind>;

/** Whether a snapshot is of one of `kinds`; narrows it so its progress and result are typed. */
export function isJobOf<K extends JobKind>(snapshot: JobSnapshot<JobKind, JobProgress, unknown>, kinds: K | readonly K[]): snapshot is JobSnapshotOf<K> {
  const wanted: readonly JobKind[] = typeof kinds === 'string' ? [kinds] : kinds;
  return wanted.includes(snapshot.kind);
}

const jobId = z.object({ jobId: z.string().min(1) });

export const jobRequests = {
  'jobs.list': request<AnyJobSnapshot[]>()(z.object({})),
  'jobs.get': request<AnyJobSnapshot>()(jobId),
  /** Log lines so far, so a window opened late sees the whole log. */
  'jobs.logs': request<JobLogLine[]>()(jobId.extend({ afterSeq: z.number().int().min(0).optional() })),
  'jobs.cancel': request<AnyJobSnapshot>()(jobId),
};

export const jobEvents = {
  'job.state': event<AnyJobSnapshot>(),
  'job.log': event<JobLogLine>(),
};
