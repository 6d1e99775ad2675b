import { TidemarkError, toErrorPayload } from '../../shared/domain/errors';
import type { RecoveryDestination, RecoveryRequest } from '../../shared/domain/pitr';
import { readClusterPgpass } from '../clusters/cluster-pgpass';
import { readSystemIdentifier } from '../clusters/control-data';
import { clusterPgpassFile, type ManagedClusters } from '../clusters/managed-clusters';
import { pickTool } from '../pgtools/discovery';
import type { ToolService } from '../pgtools/tool-service';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import type { ProfileStore } from '../profiles/profile-store';
import { listPhysicalBackups } from '../repository/physical-manifests';
import { withClient } from '../profiles/open-client';
import { repositoryLayout } from '../repository/layout';
import type { Repositories } from '../repository/repositories';
import { archivedClusters } from '../wal/wal-archive';

/** The cluster a recovery restores, and what Tidemark knows about logging in to a copy of it. */
export interface RecoverySource {
  systemIdentifier: string;
  repositoryRoot: string;
  /** For names and messages: the profile's name, the server's label, or the system identifier. */
  label: string;
  /** Roles that exist in the source, to log in to the copy as (its bootstrap superuser is looked up). */
  roleCandidates: string[];
  /** A login to the source whose password Tidemark holds: the copy accepts it over TCP too. */
  credentials: { user: string; password: string } | null;
  /** The source server's data directory when it is reachable and the role may see it. */
  sourceDataDir: string | null;
  /** The database the profile connects to: the recovered cluster's profile uses it when it exists. */
  database: string | null;
}

export interface RecoverySourceDeps {
  readonly connections: ConnectionResolver;
  readonly repositories: Repositories;
  /** In place, the source is a managed cluster: its control data, profile and pgpass file. */
  readonly clusters: ManagedClusters;
  readonly profiles: ProfileStore;
  readonly tools: ToolService;
}

/**
 * Which cluster's backups and archive a recovery uses. A reachable server says its system
 * identifier; an unreachable profile is recognised from the manifests of the backups made through
 * it (the server may be gone: that is when PITR matters most); the repository alone needs no
 * server, and `systemIdentifier` picks among several clusters.
 */
export async function resolveRecoverySource(deps: RecoverySourceDeps, request: RecoveryRequest): Promise<RecoverySource> {
  if (request.destination.kind === 'in-place' && request.source.kind === 'repository' && !request.source.systemIdentifier) {
    return inPlaceSource(deps, request.destination, request.repositoryDir);
  }
  if (request.source.kind === 'server') {
    const subject = deps.connections.subjectOf(request.source.server);
    const profile = 'profile' in subject ? subject.profile : null;
    const repositoryRoot = deps.repositories.rootFor({ repositoryDir: request.repositoryDir, profile });
    const connection = await deps.connections.resolve(subject);
    const user = connection.endpoint.user;
    const password = typeof connection.clientConfig.password === 'string' ? connection.clientConfig.password : null;
    try {
      const facts = await withClient(connection, async (client) => {
        const { rows } = await client.query<{ sid: string }>('select system_identifier::text as sid from pg_control_system()');
        const dataDir = await client
          .query<{ dir: string }>("select current_setting('data_directory') as dir")
          .then((result) => result.rows[0]?.dir ?? null)
          .catch(() => null);
        return { systemIdentifier: rows[0]!.sid, dataDir };
      });
      return {
        systemIdentifier: facts.systemIdentifier,
        repositoryRoot,
        label: profile?.name ?? connection.label,
        roleCandidates: [user],
        credentials: password ? { user, password } : null,
        sourceDataDir: facts.dataDir,
        database: connection.endpoint.database,
      };
    } catch (error) {
      const fromBackups = profile ? await systemIdentifierOfProfile(repositoryRoot, profile.id) : null;
      if (!fromBackups) {
        const payload = toErrorPayload(error);
        throw new TidemarkError(payload.code, `${payload.message} Without the server, its cluster is not known from the repository either.`, {
          hint: 'Recover from the repository alone: leave out the profile (CLI: --cluster SYSTEM_ID when the repository holds several clusters).',
          cause: error,
        });
      }
      return {
        systemIdentifier: fromBackups,
        repositoryRoot,
        label: profile!.name,
        roleCandidates: [user],
        credentials: password ? { user, password } : null,
        sourceDataDir: null,
        database: connection.endpoint.database,
      };
    }
  }

  const repositoryRoot = deps.repositories.rootFor({ repositoryDir: request.repositoryDir });
  const systemIdentifier = request.source.systemIdentifier ?? (await onlyClusterIn(repositoryRoot));
  const { backups } = await listPhysicalBackups(repositoryLayout(repositoryRoot), systemIdentifier);
  const profileName = backups.find((b) => b.profile)?.profile?.name ?? null;
  const userFromLabel = backups.map((b) => /^([^@]+)@/.exec(b.server?.label ?? '')?.[1]).find(Boolean) ?? null;
  return {
    systemIdentifier,
    repositoryRoot,
    label: profileName ?? `cluster ${systemIdentifier}`,
    roleCandidates: userFromLabel ? [userFromLabel] : [],
    credentials: null,
    sourceDataDir: null,
    database: null,
  };
}

/** In place, the source is the managed cluster itself: its own backups and archive. */
async function inPlaceSource(
  deps: RecoverySourceDeps,
  destination: Extract<RecoveryDestination, { kind: 'in-place' }>,
  repositoryOverride: string | undefined,
): Promise<RecoverySource> {
  const record = deps.clusters.get(destination.clusterId);
  const inventory = await deps.tools.inventory();
  const pgControldata = pickTool(inventory, 'pg_controldata', record.majorVersion, 'same-major').path;
  const systemIdentifier = await readSystemIdentifier(pgControldata, record.dataDir);
  const profile = record.profileId ? deps.profiles.list().find((p) => p.id === record.profileId) : undefined;
  const pgpass = await readClusterPgpass(clusterPgpassFile(record));
  const user = profile?.target.kind === 'params' ? profile.target.user : (pgpass?.user ?? null);
  return {
    systemIdentifier,
    repositoryRoot: deps.repositories.rootFor({ repositoryDir: repositoryOverride, profile }),
    label: record.name,
    roleCandidates: [user, pgpass?.user].filter((name): name is string => Boolean(name)),
    credentials: pgpass ? { user: pgpass.user, password: pgpass.password } : null,
    sourceDataDir: null,
    database: profile?.target.kind === 'params' ? profile.target.database : null,
  };
}

async function systemIdentifierOfProfile(repositoryRoot: string, profileId: string): Promise<string | null> {
  const { backups } = await listPhysicalBackups(repositoryLayout(repositoryRoot));
  return backups.find((backup) => backup.profile?.id === profileId)?.physical.systemIdentifier ?? null;
}

/** The one cluster the repository has backups or WAL of; several need choosing. */
async function onlyClusterIn(repositoryRoot: string): Promise<string> {
  const { backups } = await listPhysicalBackups(repositoryLayout(repositoryRoot));
  const names = new Map<string, Set<string>>();
  for (const id of await archivedClusters(repositoryRoot)) names.set(id, names.get(id) ?? new Set());
  for (const backup of backups) {
    const set = names.get(backup.physical.systemIdentifier) ?? new Set<string>();
    if (backup.profile) set.add(backup.profile.name);
    names.set(backup.physical.systemIdentifier, set);
  }
  if (names.size === 1) return [...names.keys()][0]!;
  if (names.size === 0) {
    throw new TidemarkError('not_found', `The repository ${repositoryRoot} holds no physical backup or WAL of any cluster.`, {
      hint: 'Set up archiving and take a physical backup first (tidemark archive setup --apply; tidemark backup physical).',
    });
  }
  const list = [...names].map(([id, profiles]) => (profiles.size ? `${id} (${[...profiles].join(', ')})` : id)).join('; ');
  throw new TidemarkError('invalid_input', `The repository holds several clusters: ${list}.`, { hint: 'Pick one with --cluster SYSTEM_ID (or a profile).' });
}
