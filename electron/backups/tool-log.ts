import type { LogLevel } from '../../shared/domain/job';

/** The level of a line a pg tool printed: "pg_dump: error: …", "pg_restore: warning: …", psql's "ERROR:  …". */
export function toolLineLevel(line: string): LogLevel {
  if (/^(pg_\w+|psql): (error|fatal|FATAL|ERROR):/.test(line) || /^(psql:.*?: )?(ERROR|FATAL|PANIC):/.test(line)) return 'error';
  if (/^(pg_\w+|psql): warning:/.test(line) || /^(psql:.*?: )?WARNING:/.test(line)) return 'warning';
  return 'info';
}
