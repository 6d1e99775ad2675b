import { TidemarkError } from '../../shared/domain/errors';
import { formatCompressionSpec, type BasebackupFormat, type CheckpointMode, type CompressionSpec } from '../../shared/domain/physical';

export interface BasebackupCommandOptions {
  targetDir: string;
  dbnameArg: string;
  format: BasebackupFormat;
  compression: CompressionSpec | null;
  checkpoint: CheckpointMode;
  label: string;
  maxRateKbps?: number;
}

/**
 * pg_basebackup's arguments. WAL is always streamed into the backup (-X stream), so every base
 * backup holds the WAL from its start to its stop and can be restored without the archive. -P
 * and -v give the progress and the start/stop points the job reads; the connection goes in
 * --dbname without a password (that is in a temporary password file, PGPASSFILE). No --no-sync: pg_basebackup
 * syncs every file and folder it writes, so the repository does not sync them again.
 */
export function basebackupArgs(options: BasebackupCommandOptions): string[] {
  const args = [
    `--pgdata=${options.targetDir}`,
    `--format=${options.format === 'tar' ? 'tar' : 'plain'}`,
    '--wal-method=stream',
    `--checkpoint=${options.checkpoint}`,
    `--label=${options.label}`,
    '--progress',
    '--verbose',
    `--dbname=${options.dbnameArg}`,
    // Never prompt: a missing password is an error the job reports, not a hang.
    '--no-password',
  ];
  if (options.compression) args.push(`--compress=${formatCompressionSpec(options.compression)}`);
  if (options.maxRateKbps) args.push(`--max-rate=${options.maxRateKbps}k`);
  return args;
}

/**
 * What the server and the tool must support for a compression spec (pg_basebackup's rules):
 * server-side compression needs a PostgreSQL 15 server; lz4 and zstd need a 15 client; a plain
 * backup can only be compressed on the server (the client decompresses it as it writes).
 */
export function compressionProblemFor(spec: CompressionSpec | null, format: BasebackupFormat, serverMajor: number, toolMajor: number): string | null {
  if (!spec) return null;
  if (spec.location === 'server' && serverMajor < 15)
    return `Server-side compression needs PostgreSQL 15 or newer; this server is ${serverMajor}. Use client-${spec.method} instead.`;
  if (toolMajor < 15 && (spec.method !== 'gzip' || spec.location === 'server' || spec.workers !== undefined)) {
    return `pg_basebackup ${toolMajor} compresses only with client-side gzip.`;
  }
  if (format === 'plain' && spec.location === 'client')
    return 'A plain-format backup cannot be compressed on the client; use server-side compression (server-…) or the tar format.';
  return null;
}

export function assertCompressionFits(spec: CompressionSpec | null, format: BasebackupFormat, serverMajor: number, toolMajor: number): void {
  const problem = compressionProblemFor(spec, format, serverMajor, toolMajor);
  if (problem) throw new TidemarkError('invalid_input', problem);
}
