import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { BackupContents, LogicalFormat, TocObject } from '../../shared/domain/backup';
import { TidemarkError } from '../../shared/domain/errors';
import { runTool } from '../pgtools/run-tool';

/** One entry of an archive's table of contents, as `pg_restore --list` prints it. */
export interface TocEntry {
  dumpId: number;
  /** TABLE, TABLE DATA, INDEX, SEQUENCE SET, … */
  type: string;
  /** null for objects outside any schema (shown as "-"). */
  schema: string | null;
  name: string;
  owner: string | null;
  /** The line as printed: a filtered copy is fed back to pg_restore --use-list. */
  line: string;
}

export interface TocHeader {
  database: string | null;
  createdAt: string | null;
  serverVersion: string | null;
  toolVersion: string | null;
  format: string | null;
  compression: string | null;
  entries: number | null;
}

export interface Toc {
  header: TocHeader;
  entries: TocEntry[];
}

/** Names that contain spaces, which the space-separated --list output cannot split on its own. */
export interface TocHints {
  schemas: readonly string[];
  owners: readonly string[];
}

// Entry types pg_dump writes (15-17), longest first, so "TABLE DATA" wins over "TABLE".
const entryTypes = [
  'PUBLICATION TABLES IN SCHEMA',
  'TEXT SEARCH CONFIGURATION',
  'TEXT SEARCH DICTIONARY',
  'MATERIALIZED VIEW DATA',
  'TEXT SEARCH TEMPLATE',
  'FOREIGN DATA WRAPPER',
  'PROCEDURAL LANGUAGE',
  'DATABASE PROPERTIES',
  'TEXT SEARCH PARSER',
  'SEQUENCE OWNED BY',
  'MATERIALIZED VIEW',
  'PUBLICATION TABLE',
  'CHECK CONSTRAINT',
  'OPERATOR FAMILY',
  'STATISTICS DATA',
  'OPERATOR CLASS',
  'SECURITY LABEL',
  'FOREIGN SERVER',
  'FK CONSTRAINT',
  'EVENT TRIGGER',
  'ACCESS METHOD',
  'FOREIGN TABLE',
  'LARGE OBJECTS',
  'INDEX ATTACH',
  'ROW SECURITY',
  'SEQUENCE SET',
  'TABLE ATTACH',
  'USER MAPPING',
  'LARGE OBJECT',
  'DEFAULT ACL',
  'SUBSCRIPTION',
  'PUBLICATION',
  'SHELL TYPE',
  'TABLE DATA',
  'CONSTRAINT',
  'COLLATION',
  'CONVERSION',
  'EXTENSION',
  'SEARCHPATH',
  'STATISTICS',
  'STDSTRINGS',
  'AGGREGATE',
  'PROCEDURE',
  'TRANSFORM',
  'FUNCTION',
  'OPERATOR',
  'SEQUENCE',
  'DATABASE',
  'ENCODING',
  'COMMENT',
  'TRIGGER',
  'DEFAULT',
  'DOMAIN',
  'POLICY',
  'SCHEMA',
  'SERVER',
  'BLOBS',
  'INDEX',
  'TABLE',
  'BLOB',
  'CAST',
  'RULE',
  'TYPE',
  'VIEW',
  'ACL',
];

const entryLine = /^(\d+); (\d+) (\d+) (.*)$/;

/**
 * Parses `pg_restore --list`. Each entry is "ID; TABLEOID OID TYPE SCHEMA NAME OWNER", fields
 * separated by single spaces and names printed raw; names with spaces are split with the help
 * of the schemas the archive itself creates and of `hints` recorded at backup time.
 */
export function parseTocList(text: string, hints: TocHints = { schemas: [], owners: [] }): Toc {
  const lines = text.split(/\r?\n/);
  const header = parseListHeader(lines);
  const raw: { dumpId: number; type: string; rest: string; line: string }[] = [];
  for (const line of lines) {
    const match = entryLine.exec(line);
    if (!match) continue;
    const body = match[4]!;
    const type = entryTypes.find((candidate) => body === candidate || body.startsWith(candidate + ' ')) ?? body.split(' ')[0]!;
    raw.push({ dumpId: Number(match[1]), type, rest: body.slice(type.length + 1), line });
  }
  // Owners: those with spaces named by hints; the rest are single words.
  const owners = [...hints.owners].sort((a, b) => b.length - a.length);
  const splitOwner = (rest: string): { head: string; owner: string | null } => {
    for (const owner of owners) if (rest.endsWith(' ' + owner)) return { head: rest.slice(0, -owner.length - 1), owner };
    const space = rest.lastIndexOf(' ');
    if (space < 0) return { head: rest, owner: null };
    const owner = rest.slice(space + 1);
    return { head: rest.slice(0, space), owner: owner === '' ? null : owner };
  };
  const schemas = new Set<string>(['public', ...hints.schemas]);
  for (const entry of raw) {
    if (entry.type === 'SCHEMA' && entry.rest.startsWith('- ')) schemas.add(splitOwner(entry.rest.slice(2)).head);
  }
  const bySpecificity = [...schemas].sort((a, b) => b.length - a.length);
  const entries = raw.map(({ dumpId, type, rest, line }): TocEntry => {
    const { head, owner } = splitOwner(rest);
    if (head.startsWith('- ')) return { dumpId, type, schema: null, name: head.slice(2), owner, line };
    const schema = bySpecificity.find((name) => head.startsWith(name + ' ')) ?? head.split(' ')[0]!;
    return { dumpId, type, schema, name: head.slice(schema.length + 1), owner, line };
  });
  return { header, entries };
}

function parseListHeader(lines: string[]): TocHeader {
  const field = (label: string): string | null => {
    const prefix = `;     ${label}:`;
    const line = lines.find((l) => l.startsWith(prefix));
    return line ? line.slice(prefix.length).trim() : null;
  };
  const created =
    lines
      .find((l) => l.startsWith('; Archive created at '))
      ?.slice('; Archive created at '.length)
      .trim() ?? null;
  const entries = field('TOC Entries');
  return {
    database: field('dbname'),
    createdAt: created,
    serverVersion: field('Dumped from database version'),
    toolVersion: field('Dumped by pg_dump version'),
    format: field('Format'),
    compression: field('Compression'),
    entries: entries === null ? null : Number(entries),
  };
}

// "-- Name: x; Type: TABLE; Schema: public; Owner: postgres" (and "-- Data for Name: …"): the
// comment pg_dump writes before every object of a plain dump. Types are upper case words, which
// anchors the split even when names contain semicolons.
const plainObjectComment = /^-- (?:Data for )?Name: (.*); Type: ([A-Z][A-Z ]*); Schema: (.*?); Owner: (.*)$/;

/**
 * Reads a plain SQL dump's own table of contents from its comments, streaming (a plain dump can
 * be larger than memory). Also says whether the dump ends with pg_dump's completion comment.
 */
export async function readPlainToc(path: string): Promise<Toc & { complete: boolean }> {
  const header: TocHeader = { database: null, createdAt: null, serverVersion: null, toolVersion: null, format: 'PLAIN', compression: null, entries: null };
  const entries: TocEntry[] = [];
  let lastNonEmpty = '';
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    // The dump ends "-- PostgreSQL database dump complete" between "--" lines, followed (since
    // 15.14, 16.10, 17.6) by psql's "\unrestrict KEY": the last line with words in it, else.
    if (line.trim() !== '' && line.trim() !== '--' && !line.startsWith('\\unrestrict ')) lastNonEmpty = line;
    if (!line.startsWith('-- ')) continue;
    const match = plainObjectComment.exec(line);
    if (match) {
      entries.push({
        dumpId: entries.length + 1,
        type: match[2]!.trim(),
        schema: match[3] === '-' ? null : match[3]!,
        name: match[1]!,
        owner: match[4] === '-' ? null : match[4]!,
        line,
      });
    } else if (line.startsWith('-- Dumped from database version ')) {
      header.serverVersion = line.slice('-- Dumped from database version '.length).trim();
    } else if (line.startsWith('-- Dumped by pg_dump version ')) {
      header.toolVersion = line.slice('-- Dumped by pg_dump version '.length).trim();
    }
  }
  const complete = lastNonEmpty.trim() === '-- PostgreSQL database dump complete';
  header.entries = entries.length;
  return { header, entries, complete };
}

/** TABLE DATA entries: the tables whose rows a dump holds. */
export function tablesWithData(toc: Toc): { schema: string; name: string }[] {
  return toc.entries.filter((entry) => entry.type === 'TABLE DATA' && entry.schema !== null).map((entry) => ({ schema: entry.schema!, name: entry.name }));
}

/** The table of contents as the contents tree the UI shows. */
export function contentsTree(backupId: string, format: LogicalFormat, toc: Toc): BackupContents {
  const schemas = new Map<string, TocObject[]>();
  const global: TocObject[] = [];
  for (const entry of toc.entries) {
    const object: TocObject = { dumpId: entry.dumpId, type: entry.type, name: entry.name, owner: entry.owner };
    if (entry.schema === null) {
      if (entry.type === 'SCHEMA') schemas.set(entry.name, schemas.get(entry.name) ?? []);
      else global.push(object);
      continue;
    }
    const list = schemas.get(entry.schema) ?? [];
    list.push(object);
    schemas.set(entry.schema, list);
  }
  return {
    backupId,
    format,
    schemas: [...schemas.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, objects]) => ({ name, objects })),
    global,
    tableCount: toc.entries.filter((entry) => entry.type === 'TABLE').length,
    totalEntries: toc.entries.length,
  };
}

/** The archive's table of contents: pg_restore --list, or a plain dump's own comments. */
export async function readToc(
  pgRestorePath: string | null,
  dumpFile: string,
  hints: { schemas: string[]; owners: string[] },
  signal?: AbortSignal,
): Promise<Toc> {
  if (pgRestorePath === null) {
    const plain = await readPlainToc(dumpFile);
    if (!plain.complete) {
      throw new TidemarkError('tool_failed', 'The plain SQL dump does not end with pg_dump\'s "dump complete" line: it is truncated.');
    }
    return plain;
  }
  const listed = await runTool(pgRestorePath, ['--list', dumpFile], { signal });
  return parseTocList(listed.stdout, hints);
}

/** A table's key in maps and sets: schema and name joined by NUL, which neither can hold. */
export function tableKey(table: { schema: string; name: string }): string {
  return `${table.schema}\u0000${table.name}`;
}
