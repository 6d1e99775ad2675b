/**
 * What a recovering server says in its log, read line by line. The settings Tidemark writes
 * (lc_messages = 'C', log_timezone = 'UTC') make these English and the times UTC
 * (src/backend/access/transam/xlogrecovery.c and xlog.c give the wording).
 */
export type ServerLogEvent =
  | { kind: 'restored'; file: string }
  | { kind: 'consistent' }
  /** "recovery stopping before commit of transaction 740, time …": the target was reached. */
  | { kind: 'stopping'; description: string; time: string | null }
  | { kind: 'paused' }
  | { kind: 'last-commit'; time: string }
  | { kind: 'new-timeline'; timeline: number }
  | { kind: 'promoted' }
  | { kind: 'target-not-reached' }
  | { kind: 'timeline-not-child'; message: string }
  | { kind: 'before-consistent' }
  | { kind: 'fatal'; message: string }
  | { kind: 'shut-down' };

/** "2026-11-21 05:17:26.378606+00" → "2026-11-21T05:17:26.378606Z" (null if it is not that shape). */
export function logTimeToIso(text: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  if (match[3] === '+00' && (match[4] ?? '00') === '00') return `${match[1]}T${match[2]}Z`;
  const ms = Date.parse(`${match[1]}T${match[2]}${match[3]}:${match[4] ?? '00'}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function parseServerLogLine(line: string): ServerLogEvent | null {
  const message = /\b(LOG|FATAL|PANIC|ERROR|WARNING|HINT|DETAIL):\s+(.*)$/.exec(line);
  if (!message) return null;
  const [, level, text] = message as unknown as [string, string, string];
  let match: RegExpExecArray | null;
  if ((match = /^restored log file "([^"]+)" from archive/.exec(text))) return { kind: 'restored', file: match[1]! };
  if (/^consistent recovery state reached/.test(text)) return { kind: 'consistent' };
  if ((match = /^recovery stopping (.*?)(?:, time (.+))?$/.exec(text))) {
    return { kind: 'stopping', description: match[1]!, time: match[2] ? logTimeToIso(match[2]) : null };
  }
  if (/^pausing at the end of recovery/.test(text) || /^recovery has paused/.test(text)) return { kind: 'paused' };
  if ((match = /^last completed transaction was at log time (.+)$/.exec(text))) {
    const time = logTimeToIso(match[1]!);
    return time ? { kind: 'last-commit', time } : null;
  }
  if ((match = /^selected new timeline ID: (\d+)/.exec(text))) return { kind: 'new-timeline', timeline: Number(match[1]) };
  if (/^database system is ready to accept connections/.test(text)) return { kind: 'promoted' };
  if (/^recovery ended before configured recovery target was reached/.test(text)) return { kind: 'target-not-reached' };
  if (
    /^requested timeline \d+ is not a child of this server's history/.test(text) ||
    /^requested timeline \d+ does not contain minimum recovery point/.test(text)
  ) {
    return { kind: 'timeline-not-child', message: text };
  }
  if (/^requested recovery stop point is before consistent recovery point/.test(text)) return { kind: 'before-consistent' };
  if (/^database system is shut down/.test(text)) return { kind: 'shut-down' };
  if (level === 'FATAL' || level === 'PANIC') return { kind: 'fatal', message: text };
  return null;
}
