import type { jobRequests } from '../../shared/contract/jobs';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { JobRegistry } from './job-registry';

export function jobHandlers(jobs: JobRegistry): HandlersFor<typeof jobRequests> {
  return {
    'jobs.list': async () => jobs.list(),
    'jobs.get': async ({ jobId }) => jobs.get(jobId),
    'jobs.logs': async ({ jobId, afterSeq }) => jobs.logs(jobId, afterSeq),
    'jobs.cancel': async ({ jobId }) => jobs.cancel(jobId),
  };
}
