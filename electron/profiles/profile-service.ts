import { join } from 'node:path';
import type { RequestParsed } from '../../shared/contract';
import type { ConnectionProfile, ConnectionTarget, ProfileDraft, ProfileView } from '../../shared/domain/profile';
import type { ServerReport } from '../../shared/domain/server';
import { TidemarkError } from '../../shared/domain/errors';
import type { ToolService } from '../pgtools/tool-service';
import { formatConnectionUri, parseConnectionUri } from './conninfo';
import { endpointOf, pgpassHost, targetKeywords } from './connection-endpoint';
import { passwordFromPgpassFile } from './pgpass-file';
import type { ConnectionResolver } from './connection-resolver';
import type { ProfileStore } from './profile-store';
import type { SecretStore } from './secret-store';
import { inspectServer } from './server-report';

/**
 * Marking a profile as a development server lets dev database snapshots end its sessions and
 * drop its databases: turning the mark on needs the profile's name typed as confirmation.
 */
function checkDevelopmentServerConfirmation(draft: ProfileDraft, previous: ConnectionProfile | undefined): void {
  if (draft.developmentServer !== true || previous?.developmentServer === true) return;
  if (draft.developmentServerConfirm?.trim() === draft.name) return;
  throw new TidemarkError('confirmation_required', `Marking ${draft.name} as a development server needs its name typed as confirmation.`, {
    hint: 'Snapshots on a development server end its sessions and drop and rename its databases: type the profile name to allow that.',
    details: { profile: draft.name },
  });
}

export interface ProfileServiceDeps {
  readonly profiles: ProfileStore;
  readonly secrets: SecretStore;
  /** Managed clusters' folders: the sandbox keeps its password in its own pgpass file there. */
  readonly paths: { readonly clustersDir: string };
  /** The profile test connects, and says which pg_dump fits the server. */
  readonly connections: ConnectionResolver;
  readonly tools: ToolService;
}

/**
 * Profiles with their passwords: the settings hold the profile, the secret store the password,
 * and a view tells the UI only whether a password is saved.
 */
export class ProfileService {
  constructor(private readonly deps: ProfileServiceDeps) {}

  async list(): Promise<ProfileView[]> {
    return Promise.all(this.deps.profiles.list().map((profile) => this.view(profile)));
  }

  async view(profile: ConnectionProfile): Promise<ProfileView> {
    const { kind } = await this.deps.secrets.storage();
    return { ...profile, passwordSaved: await this.hasPassword(profile), secretStorage: kind, summary: profileSummary(profile.target) };
  }

  /**
   * Creates or updates a profile. The password: a string is saved, null deletes the saved one,
   * absent keeps it. A password typed into a URI is moved to the secret store, never the settings.
   */
  async save(draft: ProfileDraft): Promise<ProfileView> {
    const { target, password: passwordInUri } = withoutPassword(draft.target);
    const previous = draft.id ? this.deps.profiles.get(draft.id) : undefined;
    checkDevelopmentServerConfirmation(draft, previous);
    const profile = this.deps.profiles.save({
      id: draft.id,
      name: draft.name,
      target,
      repositoryDir: draft.repositoryDir,
      developmentServer: draft.developmentServer,
    });
    const password = draft.password !== undefined ? draft.password : passwordInUri;
    if (typeof password === 'string') {
      await this.deps.secrets.set(profile, password);
    } else if (password === null) {
      await this.deps.secrets.delete(profile);
    } else if (previous && JSON.stringify(previous.target) !== JSON.stringify(profile.target)) {
      // Kept, but a store keyed by host and user (pgpass) must file it under the new target.
      const kept = await this.deps.secrets.get(previous);
      if (kept !== undefined) await this.deps.secrets.set(profile, kept);
    }
    return this.view(profile);
  }

  /** Removes the profile and its saved password; false when there was no such profile. */
  async remove(id: string): Promise<boolean> {
    const profile = this.deps.profiles.list().find((p) => p.id === id);
    if (!profile) return false;
    await this.deps.secrets.delete(profile);
    return this.deps.profiles.remove(id);
  }

  /** Connects to a saved profile or a draft's target and reports what Tidemark can do with the server. */
  test(input: RequestParsed<'profiles.test'>): Promise<ServerReport> {
    return inspectServer(this.deps, 'id' in input ? { profile: this.deps.profiles.get(input.id) } : { target: input.target, password: input.password });
  }

  private async hasPassword(profile: ConnectionProfile): Promise<boolean> {
    if ((await this.deps.secrets.get(profile)) !== undefined) return true;
    if (!profile.managedClusterId) return false;
    // A managed cluster (the sandbox) keeps its password in its own pgpass file.
    const endpoint = endpointOf(targetKeywords(profile.target));
    const passfile = join(this.deps.paths.clustersDir, profile.managedClusterId, 'pgpass');
    return (await passwordFromPgpassFile(passfile, { ...endpoint, host: pgpassHost(endpoint) })) !== undefined;
  }
}

/** "host:port/db as user", "service name", for lists; never a password. */
export function profileSummary(target: ConnectionTarget): string {
  switch (target.kind) {
    case 'params':
      return `${target.host}:${target.port}/${target.database} as ${target.user}`;
    case 'uri': {
      const keywords = parseConnectionUri(target.uri);
      const endpoint = endpointOf(keywords, {});
      return `${endpoint.host}:${endpoint.port}/${endpoint.database} as ${keywords.user ?? 'the default user'}`;
    }
    case 'service':
      return `service ${target.service}${target.database ? `, database ${target.database}` : ''}`;
  }
}

function withoutPassword(target: ConnectionTarget): { target: ConnectionTarget; password?: string } {
  if (target.kind !== 'uri') return { target };
  const { password, ...keywords } = parseConnectionUri(target.uri);
  return password === undefined ? { target } : { target: { kind: 'uri', uri: formatConnectionUri(keywords) }, password };
}
