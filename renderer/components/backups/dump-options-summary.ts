import type { LogicalDumpOptions } from '../../../shared/domain/backup';

const formatNames: Record<LogicalDumpOptions['format'], string> = {
  custom: 'custom (pg_restore archive)',
  directory: 'directory (one file per table)',
  tar: 'tar',
  plain: 'plain SQL',
};

/** A dump's options in words, one phrase each, for the details pane and the review. */
export function describeDumpOptions(options: LogicalDumpOptions): string[] {
  const phrases = [formatNames[options.format]];
  if (options.jobs > 1) phrases.push(`${options.jobs} parallel jobs`);
  phrases.push(compressionPhrase(options));
  if (options.content !== 'all') phrases.push(options.content === 'schema-only' ? 'definitions only (no rows)' : 'rows only (no definitions)');
  if (options.noOwner) phrases.push('no owners (--no-owner)');
  if (options.noPrivileges) phrases.push('no privileges (--no-privileges)');
  if (options.schemas.length) phrases.push(`schemas ${options.schemas.join(', ')}`);
  if (options.excludeSchemas.length) phrases.push(`without schemas ${options.excludeSchemas.join(', ')}`);
  if (options.tables.length) phrases.push(`tables ${options.tables.join(', ')}`);
  if (options.excludeTables.length) phrases.push(`without tables ${options.excludeTables.join(', ')}`);
  phrases.push(options.includeGlobals ? 'roles and tablespaces saved (globals.sql)' : 'no globals');
  return phrases;
}

/** pg_dump compresses custom and directory dumps at gzip level 6 unless told; tar and plain not at all. */
function compressionPhrase(options: LogicalDumpOptions): string {
  const compressedByDefault = options.format === 'custom' || options.format === 'directory';
  if (options.compressionLevel === null) return compressedByDefault ? "gzip level 6 (pg_dump's default)" : 'uncompressed';
  return options.compressionLevel === 0 ? 'uncompressed' : `gzip level ${options.compressionLevel}`;
}
