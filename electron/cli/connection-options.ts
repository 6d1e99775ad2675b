import type { Command } from 'commander';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionProfile } from '../../shared/domain/profile';
import { formatConnectionUri, parseConnectionString } from '../profiles/conninfo';
import type { ConnectionSubject } from '../profiles/connection';
import type { ProfileStore } from '../profiles/profile-store';
import type { Repositories } from '../repository/repositories';

export interface ConnectionOptions {
  profile?: string;
  conn?: string;
  repo?: string;
}

/** The options every command that talks to a server takes, and --repo for those that use backups. */
export function addConnectionOptions(command: Command, options: { repo?: boolean } = {}): Command {
  command
    .option('--profile <name>', 'a saved connection profile')
    .option(
      '--conn <uri>',
      'a connection URI (postgresql://user@host:5432/db) or conninfo string (host=… dbname=…); the password comes from PGPASSWORD or ~/.pgpass',
    );
  if (options.repo !== false) command.option('--repo <dir>', "the backup repository folder (default: the profile's, else the app's)");
  return command;
}

/**
 * The server a command names: --profile NAME, --conn URI|conninfo, or the only profile there is.
 * A password inside --conn is moved out of the target into the one-off password, so the target
 * never carries it (it could end up in a log or a saved profile).
 */
export function subjectFromOptions({ profiles: store }: { readonly profiles: ProfileStore }, options: ConnectionOptions): ConnectionSubject {
  if (options.profile && options.conn) {
    throw new TidemarkError('invalid_input', 'Give either --profile or --conn, not both.');
  }
  if (options.profile) return { profile: store.findByName(options.profile) };
  if (options.conn) {
    const { password, ...keywords } = parseConnectionString(options.conn);
    return { target: { kind: 'uri', uri: formatConnectionUri(keywords) }, ...(password ? { password } : {}) };
  }
  const profiles = store.list();
  if (profiles.length === 1) return { profile: profiles[0]! };
  throw new TidemarkError(
    'invalid_input',
    profiles.length === 0 ? 'No server named, and there are no connection profiles.' : `No server named, and there are ${profiles.length} profiles.`,
    {
      hint: profiles.length
        ? `Add --profile NAME (one of: ${profiles.map((p) => p.name).join(', ')}) or --conn URI.`
        : 'Add --conn postgresql://user@host:5432/db, save a profile with `tidemark profile add`, or create the sandbox.',
    },
  );
}

/** The repository a command uses: --repo, else the profile's own, else the app's. */
export function repoFromOptions({ repositories }: { readonly repositories: Repositories }, options: ConnectionOptions, profile?: ConnectionProfile): string {
  return options.repo ?? profile?.repositoryDir ?? repositories.defaultRoot();
}
