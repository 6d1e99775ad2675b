import type pg from 'pg';
import { TidemarkError } from '../../shared/domain/errors';
import type { SessionActionResult } from '../../shared/domain/health';
import { pollerApplicationName } from './tick-sql';

/**
 * pg_cancel_backend / pg_terminate_backend for a session the dashboard showed, named by pid and
 * backend_start (a pid may have been reused since). Refused for the session sending the signal
 * and for any health poller's session (Tidemark's own).
 */
export async function signalSession(
  client: pg.Client,
  action: 'cancel' | 'terminate',
  target: { pid: number; backendStart: string },
  protectedPids: ReadonlySet<number>,
): Promise<SessionActionResult> {
  const found = await client.query<{ application_name: string | null; own: boolean; same_start: boolean }>(
    `SELECT application_name, pid = pg_backend_pid() AS own, backend_start = $2::timestamptz AS same_start FROM pg_stat_activity WHERE pid = $1`,
    [target.pid, target.backendStart],
  );
  const row = found.rows[0];
  if (!row || !row.same_start) {
    throw new TidemarkError('not_found', `Session ${target.pid} has ended (or its pid now belongs to another session).`, { hint: 'Refresh the dashboard.' });
  }
  if (row.own || protectedPids.has(target.pid) || row.application_name === pollerApplicationName) {
    throw new TidemarkError(
      'invalid_input',
      `Session ${target.pid} is Tidemark's own; it cannot be ${action === 'cancel' ? 'cancelled' : 'terminated'} from the dashboard.`,
    );
  }
  const fn = action === 'cancel' ? 'pg_cancel_backend' : 'pg_terminate_backend';
  try {
    const signalled = (await client.query<{ ok: boolean }>(`SELECT ${fn}($1) AS ok`, [target.pid])).rows[0]!.ok;
    return {
      pid: target.pid,
      action,
      signalled,
      message: signalled ? `${fn}(${target.pid}) sent.` : `${fn}(${target.pid}) answered false: the session had already ended.`,
    };
  } catch (error) {
    if ((error as { code?: string }).code === '42501') {
      throw new TidemarkError('insufficient_privilege', (error as Error).message, {
        hint: 'Signalling another role\u2019s session needs pg_signal_backend (or membership in that role); superusers\u2019 sessions need a superuser.',
      });
    }
    throw error;
  }
}
