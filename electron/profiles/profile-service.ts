import { join } from 'node:path';
import type { ConnectionProfile, ConnectionTarget, ProfileDraft, ProfileView } from '../../shared/domain/profile';
import type { Services } from '../api/services';
import { formatConnectionUri, parseConnectionUri } from './conninfo';
import { endpointOf, pgpassHost, targetKeywords } from './connection-endpoint';
import { passwordFromPgpassFile } from './pgpass-file';
import { ProfileStore } from './profile-store';

/**
 * Profiles with their passwords: the settings hold the profile, the secret store the password,
 * and a view tells the UI only whether a password is saved.
 */
export class ProfileService {
  readonly store: ProfileStore;

  constructor(private readonly services: Services) {
    this.store = services.profiles;
  }

  async list(): Promise<ProfileView[]> {
    return Promise.all(this.store.list().map((profile) => this.view(profile)));
  }

  async view(profile: ConnectionProfile): Promise<ProfileView> {
    return { ...profile, passwordSaved: await this.hasPassword(profile), summary: profileSummary(profile.target) };
  }

  /**
   * Creates or updates a profile. The password: a string is saved, null deletes the saved one,
   * absent keeps it. A password typed into a URI is moved to the secret store, never the settings.
   */
  async save(draft: ProfileDraft): Promise<ProfileView> {
    const { target, password: passwordInUri } = withoutPassword(draft.target);
    const previous = draft.id ? this.store.get(draft.id) : undefined;
    const profile = this.store.save({ id: draft.id, name: draft.name, target, repositoryDir: draft.repositoryDir });
    const password = draft.password !== undefined ? draft.password : passwordInUri;
    if (typeof password === 'string') {
      await this.services.secrets.set(profile, password);
    } else if (password === null) {
      await this.services.secrets.delete(profile);
    } else if (previous && JSON.stringify(previous.target) !== JSON.stringify(profile.target)) {
      // Kept, but a store keyed by host and user (pgpass) must file it under the new target.
      const kept = await this.services.secrets.get(previous);
      if (kept !== undefined) await this.services.secrets.set(profile, kept);
    }
    return this.view(profile);
  }

  /** Removes the profile and its saved password; false when there was no such profile. */
  async remove(id: string): Promise<boolean> {
    const profile = this.store.list().find((p) => p.id === id);
    if (!profile) return false;
    await this.services.secrets.delete(profile);
    return this.store.remove(id);
  }

  private async hasPassword(profile: ConnectionProfile): Promise<boolean> {
    if ((await this.services.secrets.get(profile)) !== undefined) return true;
    if (!profile.managedClusterId) return false;
    // A managed cluster (the sandbox) keeps its password in its own pgpass file.
    const endpoint = endpointOf(targetKeywords(profile.target));
    const passfile = join(this.services.paths.clustersDir, profile.managedClusterId, 'pgpass');
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
