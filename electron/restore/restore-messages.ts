import type { RestoreMessage } from '../../shared/domain/restore';

export interface ParsedToolMessages {
  /** Errors and warnings, each with its continuation lines (the failed command, DETAIL, HINT). */
  messages: RestoreMessage[];
  /** pg_restore's "errors ignored on restore: N"; 0 when it did not print one. */
  ignoredErrors: number;
}

const ignoredErrorsLine = /^pg_restore: warning: errors ignored on restore: (\d+)$/;
const pgRestoreLine = /^pg_restore: (?:(error|warning|fatal|detail|hint): )?(.*)$/;
// psql:/path/database.sql:123: ERROR:  relation "x" already exists
const psqlLine = /^psql:(?:.*?:\d+: )?(ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DETAIL|HINT|CONTEXT|error|warning|fatal):\s+(.*)$/;

/**
 * Turns pg_restore's or psql's stderr into a readable list: one message per error or warning
 * with its context ("from TOC entry …") and continuation lines ("Command was: …", DETAIL, HINT)
 * as detail; informational lines (--verbose) are left to the job log.
 */
export function parseToolMessages(lines: readonly string[]): ParsedToolMessages {
  const messages: RestoreMessage[] = [];
  let ignoredErrors = 0;
  let current: RestoreMessage | null = null;
  let context: string | null = null;
  const appendDetail = (text: string) => {
    if (current) current.detail = current.detail ? `${current.detail}\n${text}` : text;
  };

  for (const line of lines) {
    const ignored = ignoredErrorsLine.exec(line);
    if (ignored) {
      ignoredErrors = Number(ignored[1]);
      current = null;
      continue;
    }
    const restore = pgRestoreLine.exec(line);
    if (restore) {
      const [, kind, text] = restore;
      if (kind === 'error' || kind === 'fatal' || kind === 'warning') {
        current = { level: kind === 'warning' ? 'warning' : 'error', text: text! };
        if (context) current.detail = context;
        messages.push(current);
        context = null;
      } else if (kind === 'detail' || kind === 'hint') {
        appendDetail(`${kind.toUpperCase()}: ${text}`);
      } else if (/^from TOC entry /.test(text!) || /^while PROCESSING TOC:/.test(text!)) {
        if (/^from TOC entry /.test(text!)) context = text!;
      } else {
        current = null;
      }
      continue;
    }
    const psql = psqlLine.exec(line);
    if (psql) {
      const kind = psql[1]!.toUpperCase();
      if (kind === 'ERROR' || kind === 'FATAL' || kind === 'PANIC') {
        current = { level: 'error', text: psql[2]! };
        messages.push(current);
      } else if (kind === 'WARNING') {
        current = { level: 'warning', text: psql[2]! };
        messages.push(current);
      } else if (kind === 'DETAIL' || kind === 'HINT' || kind === 'CONTEXT') {
        appendDetail(`${kind}: ${psql[2]}`);
      } else {
        current = null;
      }
      continue;
    }
    // Not prefixed: the continuation of the message before ("Command was: …", a multi-line statement, "LINE 1: …").
    if (line.trim() !== '') appendDetail(line);
  }
  if (ignoredErrors > 0) {
    const errors = messages.filter((message) => message.level === 'error').length;
    messages.push({
      level: 'warning',
      text: `errors ignored on restore: ${ignoredErrors}`,
      detail: `pg_restore went on past ${ignoredErrors} error${ignoredErrors === 1 ? '' : 's'}${errors ? ' (listed above)' : ''}; the rest was restored.`,
    });
  }
  return { messages, ignoredErrors };
}
