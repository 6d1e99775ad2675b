import type { JobSnapshot } from '../../shared/domain/job';
import { TidemarkError } from '../../shared/domain/errors';
import { call } from '../api/local-api';
import type { CliContext } from './cli-context';

/**
 * Follows a job the CLI started: log lines and progress go to stderr (stdout stays for the
 * result, one JSON document with --json); Ctrl-C cancels the job and waits for its cleanup.
 * Resolves with the job's result, or throws its error.
 */
export async function followJob<T>(context: CliContext, jobId: string, options: { quiet?: boolean } = {}): Promise<T> {
  const { services } = context;
  let lastProgress = '';
  const unsubscribe = services.events.subscribe((name, payload) => {
    if (options.quiet) return;
    if (name === 'job.log') {
      const line = payload as { jobId: string; level: string; text: string };
      if (line.jobId === jobId) process.stderr.write(`${line.level === 'info' ? '' : line.level + ': '}${line.text}\n`);
    } else if (name === 'job.state') {
      const snapshot = payload as JobSnapshot;
      if (snapshot.id !== jobId || snapshot.state.status !== 'running') return;
      const p = snapshot.state.progress;
      const text = `[${p.phase}]${p.fraction !== undefined ? ` ${Math.round(p.fraction * 100)}%` : ''}${p.message ? ` ${p.message}` : ''}`;
      if (text !== lastProgress) process.stderr.write(text + '\n');
      lastProgress = text;
    }
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
    const final = await services.jobs.wait(jobId);
    switch (final.state.status) {
      case 'succeeded':
        return final.state.result as T;
      case 'failed':
        throw TidemarkError.fromPayload(final.state.error);
      default:
        throw new TidemarkError('cancelled', `${final.title} was cancelled.`);
    }
  } finally {
    unsubscribe();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}
