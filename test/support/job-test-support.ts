import type { AnyJobSnapshot } from '../../shared/contract/jobs';
import type { EventBus } from '../../electron/jobs/event-bus';
import { finishedJobResult, type JobRegistry } from '../../electron/jobs/job-registry';
// Test support: waits for a job the way the CLI does (finishedJobResult), returning its result or
// throwing its error. Tests name the result type they expect; the kind check is the registry's.
export async function jobResult<T>(services: { jobs: JobRegistry }, jobId: string): Promise<T> {
  const snapshot: AnyJobSnapshot = await services.jobs.wait(jobId);
  return finishedJobResult(snapshot, snapshot.kind) as T;
}

/** Resolves when a log line of the job matches (to cancel at a known point). */
export function whenJobLogs(services: { events: EventBus }, jobId: string, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = services.events.on('job.log', (line) => {
      if (line.jobId === jobId && pattern.test(line.text)) {
        unsubscribe();
        resolve();
      }
    });
  });
}
