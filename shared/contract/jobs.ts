import { z } from 'zod';
import { event, request } from './define';
import type { JobLogLine, JobSnapshot } from '../domain/job';

const jobId = z.object({ jobId: z.string().min(1) });

export const jobRequests = {
  'jobs.list': request<JobSnapshot[]>()(z.object({})),
  'jobs.get': request<JobSnapshot>()(jobId),
  /** Log lines so far, so a window opened late sees the whole log. */
  'jobs.logs': request<JobLogLine[]>()(jobId.extend({ afterSeq: z.number().int().min(0).optional() })),
  'jobs.cancel': request<JobSnapshot>()(jobId),
};

export const jobEvents = {
  'job.state': event<JobSnapshot>(),
  'job.log': event<JobLogLine>(),
};
