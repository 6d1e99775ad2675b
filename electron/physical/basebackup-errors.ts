import { isTidemarkError, TidemarkError } from '../../shared/domain/errors';
import { isDiskFull } from '../repository/durable-fs';
import { formatBytes } from '../../shared/format/bytes';

export interface BasebackupErrorContext {
  label: string;
  repositoryDir: string;
  /** The server's estimate of the data's size (pg_basebackup -P), once it has sent one. */
  estimatedBytes?: number | null;
  /** The repository's free space when the backup started. */
  freeBytesAtStart?: number | null;
}

/**
 * pg_basebackup's failures, said plainly with what to do. The tool's own words stay in the job
 * log; this is the one line the history and the CLI show.
 */
export function basebackupError(error: unknown, context: BasebackupErrorContext): unknown {
  if (!isTidemarkError(error) || error.code !== 'tool_failed') return error;
  const text = error.message;
  const known = (code: TidemarkError['code'], message: string, hint: string) =>
    new TidemarkError(code, message, { hint, cause: error, details: error.details });
  if (isDiskFull(error)) {
    const { message, hint } = diskFullWords(context);
    return known('disk_full', message, hint);
  }
  if (
    /server closed the connection unexpectedly|terminating connection|unexpected termination of replication stream|could not receive data from WAL stream|the database system is shutting down|connection to server .* failed/i.test(
      text,
    )
  ) {
    return known(
      'server_error',
      `The server went away during the base backup of ${context.label} (restarted, crashed or shut down); nothing was kept.`,
      'Run the backup again once the server is up.',
    );
  }
  if (/must be superuser or replication role|permission denied to start WAL sender|must have REPLICATION/i.test(text)) {
    return known(
      'insufficient_privilege',
      `The role cannot take a base backup of ${context.label}: it needs the REPLICATION attribute (or superuser).`,
      'Run ALTER ROLE <role> REPLICATION as a superuser, or use a profile with such a role.',
    );
  }
  if (/no pg_hba\.conf entry for replication connection/i.test(text)) {
    return known(
      'auth_failed',
      `The server's pg_hba.conf does not allow replication connections from this machine (${context.label}).`,
      'Add a "host replication <role> <address> scram-sha-256" line to pg_hba.conf and reload the server.',
    );
  }
  if (/exceeds max_wal_senders|number of requested standby connections|all replication slots are in use|sorry, too many clients/i.test(text)) {
    return known(
      'server_error',
      `The server has no free WAL sender for the base backup of ${context.label} (-X stream needs two).`,
      'Raise max_wal_senders (restart needed) or wait for other backups and standbys to finish.',
    );
  }
  if (/compression|does not support/i.test(text) && /not supported|does not support|unrecognized/i.test(text)) {
    return known(
      'invalid_input',
      `The compression asked for is not supported here: ${text.replace(/^pg_basebackup failed: /, '')}`,
      'Pick another compression (gzip is always available), or compress on the other side.',
    );
  }
  return error;
}

/**
 * Says how much the backup needed and how much room there was: "about the size of the cluster"
 * left the user to find both numbers. The data is gone by now (pg_basebackup removes its target,
 * abandon() empties the pending folder); only the failed record stays in the history.
 */
function diskFullWords(context: BasebackupErrorContext): { message: string; hint: string } {
  const { estimatedBytes, freeBytesAtStart } = context;
  const sizes = [
    estimatedBytes ? `the server estimated ${formatBytes(estimatedBytes)} of data plus the WAL written meanwhile` : null,
    typeof freeBytesAtStart === 'number' ? `the repository had ${formatBytes(freeBytesAtStart)} free` : null,
  ].filter((part) => part !== null);
  const room = estimatedBytes ? `about ${formatBytes(estimatedBytes)} plus the WAL` : 'about the size of the cluster';
  return {
    message: `The repository disk filled up during the base backup of ${context.label}${sizes.length ? ` (${sizes.join('; ')})` : ''}; its partial files were removed.`,
    hint: `Make room for ${room} in ${context.repositoryDir} (delete old backups, or move the repository to a bigger disk), or compress it (server-zstd), and run it again.`,
  };
}
