export const pgToolNames = [
  'pg_dump',
  'pg_dumpall',
  'pg_restore',
  'pg_basebackup',
  'pg_verifybackup',
  'pg_waldump',
  'pg_archivecleanup',
  'psql',
  'initdb',
  'pg_ctl',
  'pg_controldata',
  'postgres',
] as const;
export type PgToolName = (typeof pgToolNames)[number];

/** One installation of PostgreSQL's binaries (a bin directory), e.g. /usr/lib/postgresql/15/bin. */
export interface PgInstallation {
  binDir: string;
  /** Major version, e.g. 15. */
  major: number;
  /** Full version as the tools print it, e.g. "15.18". */
  version: string;
  tools: Partial<Record<PgToolName, string>>;
  /** Where it was found: an override from settings, PATH, or a well-known folder. */
  origin: 'override' | 'path' | 'well-known';
}

export interface ToolInventory {
  installations: PgInstallation[];
  /** The override folder from settings, if any. */
  override: string | null;
  /** Tools no installation has, with a hint to install them. */
  missing: { tool: PgToolName; hint: string }[];
  searched: string[];
}
