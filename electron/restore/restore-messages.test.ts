import { describe, expect, it } from 'vitest';
import { parseToolMessages } from './restore-messages';

describe("pg_restore's and psql's messages", () => {
  it('groups an error with its TOC entry and failed command, and turns "errors ignored" into a warning', () => {
    const parsed = parseToolMessages([
      'pg_restore: connecting to database for restore',
      'pg_restore: creating TABLE "public.reports"',
      'pg_restore: while PROCESSING TOC:',
      'pg_restore: from TOC entry 214; 1259 16390 TABLE reports Reporting Role',
      'pg_restore: error: could not execute query: ERROR:  role "Reporting Role" does not exist',
      'Command was: ALTER TABLE public.reports OWNER TO "Reporting Role";',
      '',
      'pg_restore: processing data for table "public.reports"',
      'pg_restore: warning: errors ignored on restore: 1',
    ]);
    expect(parsed.ignoredErrors).toBe(1);
    expect(parsed.messages).toEqual([
      {
        level: 'error',
        text: 'could not execute query: ERROR:  role "Reporting Role" does not exist',
        detail: 'from TOC entry 214; 1259 16390 TABLE reports Reporting Role\nCommand was: ALTER TABLE public.reports OWNER TO "Reporting Role";',
      },
      { level: 'warning', text: 'errors ignored on restore: 1', detail: expect.stringContaining('went on past 1 error') },
    ]);
  });

  it("reads psql's errors with their LINE and DETAIL", () => {
    const parsed = parseToolMessages([
      'psql:/repo/database.sql:40: ERROR:  relation "big" already exists',
      'psql:/repo/database.sql:40: NOTICE:  something',
      'psql:/repo/database.sql:52: ERROR:  insert or update violates foreign key',
      'DETAIL:  Key (id)=(1) is not present.',
    ]);
    expect(parsed.messages).toEqual([
      { level: 'error', text: 'relation "big" already exists' },
      { level: 'error', text: 'insert or update violates foreign key', detail: 'DETAIL:  Key (id)=(1) is not present.' },
    ]);
  });
});
