import { TidemarkError } from '../../shared/domain/errors';
import type { Services } from '../../electron/api/services';

// Test support: waits for a job the way the CLI does, returning its result or throwing its error.
export async function jobResult<T>(services: Services, jobId: string): Promise<T> {
  const snapshot = await services.jobs.wait(jobId);
  if (snapshot.state.status === 'succeeded') return snapshot.state.result as T;
  if (snapshot.state.status === 'failed') throw TidemarkError.fromPayload(snapshot.state.error);
  throw new TidemarkError('cancelled', `${snapshot.title} was cancelled.`);
}

/** Resolves when a log line of the job matches (to cancel at a known point). */
export function whenJobLogs(services: Services, jobId: string, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = services.events.subscribe((name, payload) => {
      if (name === 'job.log' && (payload as { jobId: string }).jobId === jobId && pattern.test((payload as { text: string }).text)) {
        unsubscribe();
        resolve();
      }
    });
  });
}
