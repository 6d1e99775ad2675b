import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { TidemarkError } from '../../shared/domain/errors';
import { sampleDatabaseName, sandboxClusterId, sandboxSuperuser, type SandboxStatus } from '../../shared/domain/sandbox';
import type { PgInstallation } from '../../shared/domain/tools';
import { writeClusterPgpass } from '../clusters/cluster-pgpass';
import { readSystemIdentifier } from '../clusters/control-data';
import { findFreePort, isPortInUse } from '../clusters/free-port';
import { initCluster, startCluster, writeManagedSettings, type ClusterBinaries } from '../clusters/local-cluster';
import type { ManagedClusters } from '../clusters/managed-clusters';
import type { JobContext } from '../jobs/job-registry';
import { installHint, pickTool } from '../pgtools/discovery';
import type { ToolService } from '../pgtools/tool-service';
import type { ProfileStore } from '../profiles/profile-store';
import type { SecretStore } from '../profiles/secret-store';
import { repositoryLayout } from '../repository/layout';
import type { Repositories } from '../repository/repositories';
import { loadSampleDatabase } from './sample-database';
import { discardSandboxFolder, markSandboxComplete, type SandboxFolder } from './sandbox-folder';
import { sandboxStatusOf } from './sandbox-status';

export interface SandboxBinaries extends ClusterBinaries {
  pgControldata: string;
  installation: PgInstallation;
}

/** initdb, pg_ctl and pg_controldata of the newest installation (or the override) that has all three. */
export async function pickSandboxBinaries(tools: ToolService): Promise<SandboxBinaries> {
  const { installation } = pickTool(await tools.inventory(), 'initdb', null);
  const { pg_ctl: pgCtl, pg_controldata: pgControldata, initdb } = installation.tools;
  const lacking = !pgCtl ? 'pg_ctl' : !pgControldata ? 'pg_controldata' : null;
  if (lacking || !pgCtl || !pgControldata || !initdb) {
    throw new TidemarkError('tool_missing', `${lacking} was not found beside initdb in ${installation.binDir}.`, {
      hint: installHint(),
      details: { tool: lacking },
    });
  }
  return { initdb, pgCtl, pgControldata, installation };
}

/** What a create job made so far, so a failure or a cancel can take back exactly that. */
interface MadeSoFar {
  walDir?: string;
  profileId?: string;
  registered?: boolean;
}

/** The create job archives into the default repository, then registers the cluster, its profile and password. */
export interface SandboxCreationDeps {
  readonly repositories: Repositories;
  readonly clusters: ManagedClusters;
  readonly profiles: ProfileStore;
  readonly secrets: SecretStore;
}

/**
 * The create job: initdb, WAL archiving into the repository, start, the sample database, the
 * pgpass file, then the profile and the registry record, written together last. Until that last
 * step nothing is registered, and a failure or a cancel removes the folder and the WAL folder, so
 * nothing half-made ever looks like a sandbox.
 */
export async function createSandbox(context: JobContext, deps: SandboxCreationDeps, binaries: SandboxBinaries, paths: SandboxFolder): Promise<SandboxStatus> {
  const made: MadeSoFar = {};
  try {
    return await buildSandbox(context, deps, binaries, paths, made);
  } catch (error) {
    context.log('warning', `Removing the half-made sandbox in ${paths.folder}.`);
    await takeBack(deps, binaries, paths, made).catch((cleanupError: unknown) => {
      context.log('error', `Could not remove everything: ${cleanupError instanceof Error ? cleanupError.message : String(cleanupError)}`);
    });
    throw error;
  }
}

async function buildSandbox(
  context: JobContext,
  deps: SandboxCreationDeps,
  binaries: SandboxBinaries,
  paths: SandboxFolder,
  made: MadeSoFar,
): Promise<SandboxStatus> {
  const { signal } = context;
  const { installation } = binaries;
  const password = randomBytes(24).toString('base64url');
  const initialPort = await findFreePort();

  context.progress({ phase: 'initdb', fraction: 0.05, message: `Creating a PostgreSQL ${installation.version} cluster` });
  context.log('info', `Using initdb ${installation.version} from ${installation.binDir}.`);
  // initdb ends with advice to run pg_ctl by hand, which Tidemark does itself: not for the log.
  let initdbDone = false;
  await initCluster({
    binaries,
    dataDir: paths.dataDir,
    superuser: sandboxSuperuser,
    password,
    port: initialPort,
    settings: { wal_level: 'replica', max_wal_senders: 10 },
    signal,
    onLog: (line) => {
      initdbDone ||= line.startsWith('Success.');
      if (!initdbDone) context.log('info', line, 'stdout');
    },
  });
  context.throwIfCancelled();

  context.progress({ phase: 'archiving', fraction: 0.4, message: 'Setting up WAL archiving into the repository' });
  // The repository keeps WAL per system identifier, so read it before the first segment is archived.
  const systemIdentifier = await readSystemIdentifier(binaries.pgControldata, paths.dataDir);
  const walDir = repositoryLayout(deps.repositories.defaultRoot()).walDir(systemIdentifier);
  await mkdir(walDir, { recursive: true, mode: 0o700 });
  made.walDir = walDir;
  // basic_archive copies each segment and fsyncs it in the server process: no process start per
  // segment, and no `cp` that leaves an unsynced file behind (see DEVELOPERS.md).
  await writeManagedSettings(paths.dataDir, { archive_mode: true, archive_library: 'basic_archive', 'basic_archive.archive_directory': walDir });
  context.log('info', `WAL is archived into ${walDir}.`);
  context.throwIfCancelled();

  // initdb took seconds: another program may have taken the port meanwhile.
  const port = (await isPortInUse(initialPort)) ? await findFreePort() : initialPort;
  context.progress({ phase: 'starting', fraction: 0.5, message: `Starting PostgreSQL on port ${port}` });
  await startCluster({ binaries, dataDir: paths.dataDir, port, logFile: paths.logFile, signal });
  context.throwIfCancelled();

  context.progress({ phase: 'sample database', fraction: 0.7, message: `Loading the sample database ${sampleDatabaseName}` });
  await loadSampleDatabase({ port, user: sandboxSuperuser, password, database: sampleDatabaseName, signal });
  context.throwIfCancelled();

  context.progress({ phase: 'profile', fraction: 0.95, message: 'Saving the connection profile' });
  await writeClusterPgpass(paths.pgpassFile, { port, user: sandboxSuperuser, password });
  context.throwIfCancelled();

  // From here to the end nothing awaits before both records are written: a cancel arriving now
  // finds a finished job, never a profile without its cluster.
  const profiles = deps.profiles;
  const profile = profiles.save({
    name: freeProfileName(profiles),
    target: { kind: 'params', host: '127.0.0.1', port, database: sampleDatabaseName, user: sandboxSuperuser, sslmode: 'disable' },
    managedClusterId: sandboxClusterId,
  });
  made.profileId = profile.id;
  const record = deps.clusters.add({
    id: sandboxClusterId,
    name: 'Sandbox',
    role: 'sandbox',
    dataDir: paths.dataDir,
    port,
    binDir: installation.binDir,
    majorVersion: installation.major,
    createdAt: new Date().toISOString(),
    keepRunning: false,
    profileId: profile.id,
    archiveDir: walDir,
  });
  made.registered = true;
  await markSandboxComplete(paths);

  // The pgpass file is the lasting copy of the password; the secret store lets the profile connect
  // as any other profile does. A keychain that refuses is worth a warning, not a failed sandbox.
  await deps.secrets.set(profile, password).catch((error: unknown) => {
    context.log(
      'warning',
      `The password was not saved for the profile (${error instanceof Error ? error.message : String(error)}); it is in ${paths.pgpassFile}.`,
    );
  });
  context.log('info', `The sandbox runs on 127.0.0.1:${port}; profile "${profile.name}"; password in ${paths.pgpassFile}.`);
  return sandboxStatusOf(record, 'running');
}

async function takeBack(deps: SandboxCreationDeps, binaries: ClusterBinaries, paths: SandboxFolder, made: MadeSoFar): Promise<void> {
  if (made.registered) deps.clusters.remove(sandboxClusterId);
  if (made.profileId) deps.profiles.remove(made.profileId);
  await discardSandboxFolder(paths, binaries);
  if (made.walDir) await rm(made.walDir, { recursive: true, force: true });
}

/** "Sandbox", or "Sandbox 2", … when the user already named a profile so. */
function freeProfileName(profiles: ProfileStore): string {
  const taken = new Set(profiles.list().map((p) => p.name.toLowerCase()));
  for (let n = 1; ; n++) {
    const name = n === 1 ? 'Sandbox' : `Sandbox ${n}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}
