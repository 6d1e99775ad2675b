import { describe, expect, it } from 'vitest';
import { logTimeToIso, parseServerLogLine } from './server-log-events';

const prefix = '2026-11-21 05:59:47.368 UTC [21883] ';

describe("a recovering server's log lines", () => {
  it('reads the end states recovery reports', () => {
    expect(parseServerLogLine(`${prefix}LOG:  restored log file "000000010000000000000003" from archive`)).toEqual({
      kind: 'restored',
      file: '000000010000000000000003',
    });
    expect(parseServerLogLine(`${prefix}LOG:  recovery stopping before commit of transaction 728, time 2026-11-21 05:59:31.508096+00`)).toEqual({
      kind: 'stopping',
      description: 'before commit of transaction 728',
      time: '2026-11-21T05:59:31.508096Z',
    });
    expect(parseServerLogLine(`${prefix}LOG:  recovery stopping at restore point "before drop", time 2026-11-21 05:59:31+00`)).toMatchObject({
      kind: 'stopping',
      description: 'at restore point "before drop"',
    });
    expect(parseServerLogLine(`${prefix}LOG:  pausing at the end of recovery`)).toEqual({ kind: 'paused' });
    expect(parseServerLogLine(`${prefix}LOG:  last completed transaction was at log time 2026-11-21 05:59:30.283968+00`)).toEqual({
      kind: 'last-commit',
      time: '2026-11-21T05:59:30.283968Z',
    });
    expect(parseServerLogLine(`${prefix}LOG:  selected new timeline ID: 2`)).toEqual({ kind: 'new-timeline', timeline: 2 });
    expect(parseServerLogLine(`${prefix}LOG:  database system is ready to accept connections`)).toEqual({ kind: 'promoted' });
    expect(parseServerLogLine(`${prefix}LOG:  database system is ready to accept read-only connections`)).toBeNull();
    expect(parseServerLogLine(`${prefix}FATAL:  recovery ended before configured recovery target was reached`)).toEqual({ kind: 'target-not-reached' });
    expect(parseServerLogLine(`${prefix}FATAL:  requested timeline 3 is not a child of this server's history`)).toMatchObject({ kind: 'timeline-not-child' });
    expect(parseServerLogLine(`${prefix}FATAL:  requested recovery stop point is before consistent recovery point`)).toEqual({ kind: 'before-consistent' });
    expect(parseServerLogLine(`${prefix}FATAL:  could not locate required checkpoint record`)).toEqual({
      kind: 'fatal',
      message: 'could not locate required checkpoint record',
    });
  });

  it('turns log times into UTC ISO instants', () => {
    expect(logTimeToIso('2026-11-21 05:59:31.508096+00')).toBe('2026-11-21T05:59:31.508096Z');
    expect(logTimeToIso('2026-11-21 07:59:31+02')).toBe('2026-11-21T05:59:31.000Z');
  });
});
