import { randomUUID } from 'node:crypto';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionProfile, ConnectionTarget } from '../../shared/domain/profile';
import type { SettingsStore } from '../settings/settings-store';

/** Profiles as saved in settings (no passwords: those are in the secret store). */
export class ProfileStore {
  constructor(private readonly settings: SettingsStore) {}

  list(): ConnectionProfile[] {
    return this.settings.get('profiles');
  }

  get(id: string): ConnectionProfile {
    const profile = this.list().find((p) => p.id === id);
    if (!profile) throw new TidemarkError('not_found', `No connection profile with id ${id}.`);
    return profile;
  }

  findByName(name: string): ConnectionProfile {
    const profile = this.list().find((p) => p.name === name) ?? this.list().find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (!profile) {
      const names = this.list().map((p) => p.name);
      throw new TidemarkError('not_found', `No connection profile named "${name}".`, {
        hint: names.length ? `Profiles: ${names.join(', ')}.` : 'Add one with `tidemark profile add`, or create the sandbox.',
      });
    }
    return profile;
  }

  /** Creates (no id) or updates (id) a profile; names are unique, case-insensitively. */
  save(fields: {
    id?: string;
    name: string;
    target: ConnectionTarget;
    repositoryDir?: string;
    managedClusterId?: string;
    /** Absent keeps the saved mark. */
    developmentServer?: boolean;
  }): ConnectionProfile {
    const profiles = this.list();
    const clash = profiles.find((p) => p.name.toLowerCase() === fields.name.toLowerCase() && p.id !== fields.id);
    if (clash) throw new TidemarkError('conflict', `A profile named "${clash.name}" already exists.`, { hint: 'Pick another name.' });
    const now = new Date().toISOString();
    const existing = fields.id ? this.get(fields.id) : undefined;
    const profile: ConnectionProfile = {
      id: existing?.id ?? randomUUID(),
      name: fields.name,
      target: fields.target,
      ...(fields.repositoryDir ? { repositoryDir: fields.repositoryDir } : {}),
      ...((fields.managedClusterId ?? existing?.managedClusterId) ? { managedClusterId: fields.managedClusterId ?? existing?.managedClusterId } : {}),
      ...((fields.developmentServer ?? existing?.developmentServer) ? { developmentServer: true } : {}),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    this.settings.set('profiles', existing ? profiles.map((p) => (p.id === profile.id ? profile : p)) : [...profiles, profile]);
    return profile;
  }

  remove(id: string): boolean {
    const profiles = this.list();
    const remaining = profiles.filter((p) => p.id !== id);
    this.settings.set('profiles', remaining);
    return remaining.length !== profiles.length;
  }
}
