import { describe, expect, it } from 'vitest';
import { exactPattern, logicalDumpOptionsSchema } from '../../shared/domain/backup';
import { shellCommandLine } from '../pgtools/shell-quote';
import { pgDumpArgs } from './dump-command';
import { sniffDumpFile } from './import-backup';

describe('the pg_dump command', () => {
  it('carries every option as its own argument, and the snapshot only when given', () => {
    const options = logicalDumpOptionsSchema.parse({
      format: 'directory',
      jobs: 4,
      compressionLevel: 5,
      tables: [exactPattern('Sales Ünïcode', 'Orders "q"')],
      content: 'data-only',
    });
    const args = pgDumpArgs({ dbnameArg: "host=db port=5432 dbname='my db' user=me", file: 'database.dir', options, snapshot: '00000003-1' });
    expect(args).toEqual([
      "--dbname=host=db port=5432 dbname='my db' user=me",
      '--format=d',
      '--file=database.dir',
      '--verbose',
      '--jobs=4',
      '--compress=5',
      '--no-owner',
      '--no-privileges',
      '--data-only',
      '--table="Sales Ünïcode"."Orders ""q"""',
      '--snapshot=00000003-1',
    ]);
    expect(shellCommandLine(['pg_dump', ...args.slice(0, 1), "it's"])).toBe(`pg_dump '--dbname=host=db port=5432 dbname='\\''my db'\\'' user=me' 'it'\\''s'`);
  });

  it('refuses options pg_dump would refuse', () => {
    expect(logicalDumpOptionsSchema.safeParse({ format: 'custom', jobs: 2 }).success).toBe(false);
    expect(logicalDumpOptionsSchema.safeParse({ format: 'tar', compressionLevel: 3 }).success).toBe(false);
    expect(logicalDumpOptionsSchema.parse({})).toMatchObject({ format: 'custom', noOwner: true, noPrivileges: true, includeGlobals: true });
  });

  it('recognizes what pg_dump wrote from its first bytes', () => {
    expect(sniffDumpFile(Buffer.from('PGDMP\x01\x0e'))).toBe('custom');
    expect(sniffDumpFile(Buffer.from([0x1f, 0x8b, 8]))).toBe('gzip');
    expect(sniffDumpFile(Buffer.from('--\n-- PostgreSQL database dump\n--\n'))).toBe('plain');
    expect(sniffDumpFile(Buffer.from('\x7fELF'))).toBeNull();
  });
});
