import type pg from 'pg';

/** How much of the end of the server's log is read for the archiver's last failure. */
const logTailBytes = 256 * 1024;

// PostgreSQL 15's pgarch.c words (English lc_messages): "archive command failed with exit code 1",
// "archive command was terminated by signal 9: Killed", and the DETAIL that names the command.
const failureLine = /\b(?:LOG|WARNING|ERROR|FATAL):\s+(archive command (?:failed with exit code \d+|was terminated by (?:signal|exception).*))$/;
const detailLine = /\bDETAIL:\s+(The failed archive command was: .*)$/;
// A line the server wrote starts with its log_line_prefix; the archive command's own stderr does not.
const serverLine = /\b(?:LOG|WARNING|ERROR|FATAL|DETAIL|HINT|STATEMENT|CONTEXT):\s/;

/**
 * Why the archiver's last attempt failed, in the server's own words: pg_stat_archiver says which
 * segment failed and when, never why. The log says it (the command's stderr, "archive command
 * failed with exit code 1", the command), but only when logging_collector is on
 * (pg_current_logfile()) and the role may read server files (superuser or
 * pg_read_server_files); otherwise null, and the caller says where to look.
 */
export async function lastArchiveFailureInLog(client: pg.Client): Promise<string | null> {
  let tail: Buffer | undefined;
  try {
    // Binary: an offset inside a multi-byte character would make pg_read_file refuse the whole read.
    const result = await client.query<{ tail: Buffer }>(
      `select pg_read_binary_file(f.path, greatest(s.size - $1, 0), $1) as tail
         from (select pg_current_logfile('stderr') as path) f, pg_stat_file(f.path) s
        where f.path is not null`,
      [logTailBytes],
    );
    tail = result.rows[0]?.tail;
  } catch {
    // No right to read the log: not an error of the archiver's.
    return null;
  }
  return tail === undefined ? null : archiveFailureIn(tail.toString('utf8'));
}

/** The last archive failure in a piece of server log: the command's stderr, the failure, the command. */
export function archiveFailureIn(log: string): string | null {
  const lines = log.split('\n').map((line) => line.trimEnd());
  for (let at = lines.length - 1; at >= 0; at--) {
    const failure = failureLine.exec(lines[at]!);
    if (!failure) continue;
    const parts: string[] = [];
    const before = lines[at - 1];
    if (before && !serverLine.test(before) && before.trim() !== '') parts.push(before.trim());
    parts.push(failure[1]!);
    const detail = detailLine.exec(lines[at + 1] ?? '');
    if (detail) parts.push(detail[1]!);
    return parts.join('; ');
  }
  return null;
}
