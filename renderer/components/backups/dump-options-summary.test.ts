import { describe, expect, it } from 'vitest';
import { logicalDumpOptionsSchema } from '../../../shared/domain/backup';
import { describeDumpOptions } from './dump-options-summary';

describe('describeDumpOptions', () => {
  it("says what pg_dump's default compression is for each format", () => {
    expect(describeDumpOptions(logicalDumpOptionsSchema.parse({}))).toContain("gzip level 6 (pg_dump's default)");
    expect(describeDumpOptions(logicalDumpOptionsSchema.parse({ format: 'plain' }))).toContain('uncompressed');
    expect(describeDumpOptions(logicalDumpOptionsSchema.parse({ format: 'directory', jobs: 4, compressionLevel: 1 }))).toEqual(
      expect.arrayContaining(['4 parallel jobs', 'gzip level 1']),
    );
  });

  it('names a partial dump and what it leaves out', () => {
    const phrases = describeDumpOptions(logicalDumpOptionsSchema.parse({ content: 'schema-only', excludeTables: ['public.big_log*'], includeGlobals: false }));
    expect(phrases).toEqual(expect.arrayContaining(['definitions only (no rows)', 'without tables public.big_log*', 'no globals']));
  });
});
