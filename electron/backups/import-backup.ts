import { createReadStream, createWriteStream } from 'node:fs';
import { cp, open, rename, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { logicalDumpOptionsSchema, logicalManifestSchema, type LogicalFormat, type LogicalManifest } from '../../shared/domain/backup';
import { TidemarkError, toErrorPayload } from '../../shared/domain/errors';
import type { ConnectionProfile } from '../../shared/domain/profile';
import { pickTool } from '../pgtools/discovery';
import type { ToolService } from '../pgtools/tool-service';
import { PendingBackupDir } from '../repository/atomic-backup-dir';
import { newBackupId, type RepositoryLayout } from '../repository/layout';
import { dumpFileName } from './dump-command';
import { interruptedLogicalRecord, totalBytesOf, writtenCheck } from './logical-manifest';
import { readToc, type Toc } from './toc';

/** What a file's first bytes say it is: pg_dump's custom archive, a tar archive, plain SQL, gzip. */
export function sniffDumpFile(head: Buffer): LogicalFormat | 'gzip' | null {
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'custom';
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  const text = head.toString('utf8');
  if (/^(\uFEFF)?--\s*\n--\s*PostgreSQL database dump/.test(text) || /^(\uFEFF)?SET |^(\uFEFF)?--/.test(text)) return 'plain';
  return null;
}

async function readHead(path: string, bytes = 512): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A date from pg_restore's "Archive created at 2026-02-13 02:00:00 UTC", if it parses. */
function archiveDate(text: string | null): string | null {
  if (!text) return null;
  const date = new Date(
    text
      .replace(/ ([A-Z]{3,4})$/, (_m, zone: string) => (zone === 'UTC' ? 'Z' : ` ${zone}`))
      .replace(' ', 'T')
      .replace('TZ', 'Z'),
  );
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * Adds a dump made elsewhere (seed 000's `pg_dump -Fc`, seed 001's gzipped custom dumps, a
 * directory, a tar or a plain .sql) to the history: copied into the repository under the same
 * atomic rules, read back to fill the manifest from its table of contents. The original file is
 * left untouched. Row counts are unknown (no snapshot to count in), so a test restore reports them.
 */
export async function importBackup(
  deps: { readonly tools: ToolService },
  layout: RepositoryLayout,
  input: { path: string; profile: ConnectionProfile | null; database?: string },
): Promise<LogicalManifest> {
  const source = resolve(input.path);
  const info = await stat(source).catch(() => null);
  if (!info) throw new TidemarkError('not_found', `${source} does not exist.`);
  let format: LogicalFormat | null;
  let gzipped = false;
  if (info.isDirectory()) {
    const toc = await stat(join(source, 'toc.dat')).catch(() => null);
    if (!toc) throw new TidemarkError('invalid_input', `${source} is a folder without toc.dat: not a pg_dump directory-format backup.`);
    format = 'directory';
  } else {
    const sniffed = sniffDumpFile(await readHead(source));
    gzipped = sniffed === 'gzip';
    format = sniffed === 'gzip' ? null : sniffed;
  }

  const startedAt = new Date();
  const id = newBackupId(startedAt);
  const interrupted = interruptedLogicalRecord({
    id,
    origin: 'imported',
    profile: input.profile,
    startedAt,
    interruptedMessage: 'The import was interrupted; its partial files were removed.',
    logical: {
      database: input.database ?? basename(source),
      format: format ?? 'custom',
      options: logicalDumpOptionsSchema.parse({ format: format ?? 'custom' }),
      dumpPath: dumpFileName[format ?? 'custom'],
      globalsPath: null,
      command: [],
      databaseFacts: null,
      tables: [],
      rowCounts: 'none',
      tocEntries: null,
      runId: null,
    },
  });
  const pending = await PendingBackupDir.create(layout, id, interrupted);
  try {
    let copied: string;
    if (format === 'directory') {
      copied = join(pending.path, dumpFileName.directory);
      await cp(source, copied, { recursive: true, errorOnExist: true });
    } else if (gzipped) {
      // seed 001 pipes `pg_dump -Fc` through gzip: unpacked on the way in, then recognized.
      const unpacked = join(pending.path, 'unpacked');
      await pipeline(createReadStream(source), createGunzip(), createWriteStream(unpacked));
      const inner = sniffDumpFile(await readHead(unpacked));
      format = inner === 'gzip' ? null : inner;
      if (!format) throw new TidemarkError('invalid_input', `${source} is gzip-compressed, but what it holds is not a pg_dump output.`);
      copied = join(pending.path, dumpFileName[format]);
      await rename(unpacked, copied);
    } else {
      if (!format) {
        throw new TidemarkError('invalid_input', `${source} is not a pg_dump output (custom archive, tar archive, directory or plain SQL).`, {
          hint: 'Pick the .dump, .tar or .sql file pg_dump wrote, or the folder of a directory-format dump.',
        });
      }
      copied = join(pending.path, dumpFileName[format]);
      await pipeline(createReadStream(source), createWriteStream(copied, { flags: 'wx' }));
    }

    const pgRestore = format === 'plain' ? null : pickTool(await deps.tools.inventory(), 'pg_restore', null).path;
    let toc: Toc;
    try {
      toc = await readToc(pgRestore, copied, { schemas: [], owners: [] });
    } catch (error) {
      throw new TidemarkError('invalid_input', `${source} cannot be read as a ${format} dump: ${toErrorPayload(error).message}`, { cause: error });
    }
    const hasData = toc.entries.some((e) => e.type === 'TABLE DATA');
    const hasDefinitions = toc.entries.some((e) => e.type === 'TABLE');
    const tables = toc.entries
      .filter((e) => e.type === 'TABLE' && e.schema !== null)
      .map((e) => ({ schema: e.schema!, name: e.name, rows: null, indexes: [], sequences: [] }));
    const endedAt = new Date();
    const readable = format === 'plain' ? `the SQL dump is complete (${toc.entries.length} objects)` : `pg_restore --list read ${toc.entries.length} entries`;
    return await pending.commit((files) =>
      logicalManifestSchema.parse({
        ...interrupted,
        status: 'complete',
        failure: null,
        server: toc.header.serverVersion
          ? { label: `imported from ${source}`, version: toc.header.serverVersion, versionNum: null, systemIdentifier: null }
          : null,
        tool: toc.header.toolVersion ? { name: 'pg_dump', path: '', version: toc.header.toolVersion } : null,
        startedAt: archiveDate(toc.header.createdAt) ?? info.mtime.toISOString(),
        endedAt: endedAt.toISOString(),
        durationMs: null,
        totalBytes: totalBytesOf(files),
        files,
        verifications: [writtenCheck(files, readable, startedAt.getTime(), ' on import')],
        log: [{ at: endedAt.toISOString(), level: 'info', text: `Imported ${source}${gzipped ? ' (gzip, unpacked)' : ''} as a ${format} dump: ${readable}.` }],
        logical: {
          ...interrupted.logical,
          database: input.database ?? toc.header.database ?? basename(source).replace(/\.(sql|dump|tar|backup|gz)+$/i, ''),
          format: format!,
          options: logicalDumpOptionsSchema.parse({
            format: format!,
            noOwner: false,
            noPrivileges: !toc.entries.some((e) => e.type === 'ACL'),
            content: hasData && hasDefinitions ? 'all' : hasData ? 'data-only' : 'schema-only',
          }),
          dumpPath: dumpFileName[format!],
          tables,
          tocEntries: format === 'plain' ? null : toc.entries.length,
        },
      }),
    );
  } catch (error) {
    await pending.abandon(null);
    throw error;
  }
}
