import type { JobKind, JobResultOf } from '../../shared/contract/jobs';
import { call } from '../api/local-api';
import type { CliContext } from './cli-context';

/**
 * Follows a job the CLI started: log lines and progress go to stderr (stdout stays for the
 * result, one JSON document with --json); Ctrl-C cancels the job and waits for its cleanup.
 * Resolves with the job's result, typed by its kind, or throws its error.
 */
export async function followJob<K extends JobKind>(
  context: CliContext,
  kind: K | readonly K[],
  jobId: string,
  options: { quiet?: boolean } = {},
): Promise<JobResultOf<K>> {
  const { services } = context;
  let lastProgress = '';
  const stopLogs = services.events.on('job.log', (line) => {
    if (options.quiet || line.jobId !== jobId) return;
    process.stderr.write(`${line.level === 'info' ? '' : line.level + ': '}${line.text}\n`);
  });
  const stopProgress = services.events.on('job.state', (snapshot) => {
    if (options.quiet || snapshot.id !== jobId || snapshot.state.status !== 'running') return;
    const p = snapshot.state.progress;
    const text = `[${p.phase}]${p.fraction !== undefined ? ` ${Math.round(p.fraction * 100)}%` : ''}${p.message ? ` ${p.message}` : ''}`;
    if (text !== lastProgress) process.stderr.write(text + '\n');
    lastProgress = text;
  });
  const onInterrupt = () => {
    process.stderr.write('Cancelling…\n');
    void call(context.api, 'jobs.cancel', { jobId });
  };
  // `on`, not `once`: execa's signal-exit re-raises a signal that no other listener is left to
  // handle, and `once` removes ours before it runs, so Ctrl-C killed the CLI before the cleanup.
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    return await services.jobs.result(jobId, kind);
  } finally {
    stopLogs();
    stopProgress();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}
