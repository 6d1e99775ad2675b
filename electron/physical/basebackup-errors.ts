import { isTidemarkError, TidemarkError } from '../../shared/domain/errors';
import { isDiskFull } from '../repository/durable-fs';

/**
 * pg_basebackup's failures, said plainly with what to do. The tool's own words stay in the job
 * log; this is the one line the history and the CLI show.
 */
export function basebackupError(error: unknown, context: { label: string; repositoryDir: string }): unknown {
  if (!isTidemarkError(error) || error.code !== 'tool_failed') return error;
  const text = error.message;
  const known = (code: TidemarkError['code'], message: string, hint: string) => new TidemarkError(code, message, { hint, cause: error, details: error.details });
  if (isDiskFull(error)) {
    return known('disk_full', `The repository disk filled up during the base backup of ${context.label}; nothing was kept.`, `Free space in ${context.repositoryDir} (a base backup needs about the size of the cluster, less with compression) and run it again.`);
  }
  if (/server closed the connection unexpectedly|terminating connection|unexpected termination of replication stream|could not receive data from WAL stream|the database system is shutting down|connection to server .* failed/i.test(text)) {
    return known('server_error', `The server went away during the base backup of ${context.label} (restarted, crashed or shut down); nothing was kept.`, 'Run the backup again once the server is up.');
  }
  if (/must be superuser or replication role|permission denied to start WAL sender|must have REPLICATION/i.test(text)) {
    return known('insufficient_privilege', `The role cannot take a base backup of ${context.label}: it needs the REPLICATION attribute (or superuser).`, 'Run ALTER ROLE <role> REPLICATION as a superuser, or use a profile with such a role.');
  }
  if (/no pg_hba\.conf entry for replication connection/i.test(text)) {
    return known('auth_failed', `The server's pg_hba.conf does not allow replication connections from this machine (${context.label}).`, 'Add a "host replication <role> <address> scram-sha-256" line to pg_hba.conf and reload the server.');
  }
  if (/exceeds max_wal_senders|number of requested standby connections|all replication slots are in use|sorry, too many clients/i.test(text)) {
    return known('server_error', `The server has no free WAL sender for the base backup of ${context.label} (-X stream needs two).`, 'Raise max_wal_senders (restart needed) or wait for other backups and standbys to finish.');
  }
  if (/compression|does not support/i.test(text) && /not supported|does not support|unrecognized/i.test(text)) {
    return known('invalid_input', `The compression asked for is not supported here: ${text.replace(/^pg_basebackup failed: /, '')}`, 'Pick another compression (gzip is always available), or compress on the other side.');
  }
  return error;
}
