import { access, constants, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import type { PortChange } from '../../shared/domain/sandbox';
import type { PgToolName } from '../../shared/domain/tools';
import { ProfileStore } from '../profiles/profile-store';
import type { ToolService } from '../pgtools/tool-service';
import { pickTool } from '../pgtools/discovery';
import type { ManagedClusterRecord, SettingsStore } from '../settings/settings-store';
import { movePgpassToPort } from './cluster-pgpass';
import { findFreePort, isPortInUse } from './free-port';
import { isClusterRunning, startCluster, stopCluster, type ClusterBinaries } from './local-cluster';
import { refuseRoot, runningAsRoot } from './refuse-root';

/**
 * A managed cluster lives in its own folder: `<folder>/data` (the data directory), `<folder>/server.log`
 * and, when Tidemark made its superuser, `<folder>/pgpass`.
 */
export function clusterFolder(record: Pick<ManagedClusterRecord, 'dataDir' | 'folder'>): string {
  return record.folder ?? dirname(record.dataDir);
}

export function serverLogFile(record: Pick<ManagedClusterRecord, 'dataDir' | 'folder'>): string {
  return join(clusterFolder(record), 'server.log');
}

export function clusterPgpassFile(record: Pick<ManagedClusterRecord, 'dataDir' | 'folder'>): string {
  return join(clusterFolder(record), 'pgpass');
}

export type ManagedClusterState =
  | { record: ManagedClusterRecord; state: 'running' | 'stopped' }
  /** The record is there but its data directory is not (deleted by hand, a removed disk). */
  | { record: ManagedClusterRecord; state: 'missing' };

export interface ManagedClusterStart {
  record: ManagedClusterRecord;
  /** Set when the saved port was taken by another program and the cluster moved to a free one. */
  portChange: PortChange | null;
}

export interface QuitReport {
  stopped: string[];
  failed: { id: string; message: string }[];
}

/**
 * The clusters Tidemark created and runs as the invoking user: the sandbox, later clusters made by
 * point-in-time recovery. Records live in settings (`managedClusters`); whether a cluster runs is
 * always read from its data directory (pg_ctl status), never kept in memory, so the answer is
 * right after an app restart and when the CLI started or stopped it meanwhile.
 */
export class ManagedClusters {
  constructor(
    private readonly settings: SettingsStore,
    private readonly tools: ToolService,
  ) {}

  list(): ManagedClusterRecord[] {
    return this.settings.get('managedClusters');
  }

  find(id: string): ManagedClusterRecord | undefined {
    return this.list().find((record) => record.id === id);
  }

  get(id: string): ManagedClusterRecord {
    const record = this.find(id);
    if (!record) throw new TidemarkError('cluster_not_found', `Tidemark manages no cluster with id ${id}.`);
    return record;
  }

  add(record: ManagedClusterRecord): ManagedClusterRecord {
    if (this.find(record.id)) {
      throw new TidemarkError('cluster_exists', `A managed cluster with id ${record.id} already exists.`, { details: { clusterId: record.id } });
    }
    this.settings.set('managedClusters', [...this.list(), record]);
    return record;
  }

  update(id: string, changes: Partial<Omit<ManagedClusterRecord, 'id'>>): ManagedClusterRecord {
    const updated = { ...this.get(id), ...changes };
    this.settings.set(
      'managedClusters',
      this.list().map((record) => (record.id === id ? updated : record)),
    );
    return updated;
  }

  /** Forgets the record; the cluster's files are the caller's business. */
  remove(id: string): boolean {
    const records = this.list();
    const remaining = records.filter((record) => record.id !== id);
    this.settings.set('managedClusters', remaining);
    return remaining.length !== records.length;
  }

  async status(id: string): Promise<ManagedClusterState> {
    const record = this.get(id);
    if (!(await hasDataDirectory(record.dataDir))) return { record, state: 'missing' };
    return { record, state: (await this.isRunning(record)) ? 'running' : 'stopped' };
  }

  async isRunning(record: ManagedClusterRecord): Promise<boolean> {
    // pg_ctl refuses to run as root at all, so there its exit code says nothing; the postmaster.pid
    // check is what pg_ctl status does underneath.
    if (runningAsRoot()) return postmasterAlive(record.dataDir);
    return isClusterRunning(await this.binaries(record), record.dataDir);
  }

  /**
   * Starts the cluster (nothing to do when it runs). When another program took its port since,
   * it moves to a free port: the record, the cluster's settings, the linked profile and the
   * pgpass file all follow, and the result says so.
   */
  async start(id: string, options: { signal?: AbortSignal } = {}): Promise<ManagedClusterStart> {
    refuseRoot('start a PostgreSQL cluster');
    let record = this.get(id);
    if (!(await hasDataDirectory(record.dataDir))) {
      throw new TidemarkError('cluster_not_found', `The data directory of ${record.name} is gone: ${record.dataDir}.`, {
        hint: 'It was deleted or its disk is not mounted.',
        details: { clusterId: id },
      });
    }
    const binaries = await this.binaries(record);
    if (await isClusterRunning(binaries, record.dataDir)) return { record, portChange: null };

    let portChange: PortChange | null = null;
    if (await isPortInUse(record.port)) {
      portChange = { from: record.port, to: await findFreePort() };
      record = await this.movePort(record, portChange.to);
    }
    await startCluster({ binaries, dataDir: record.dataDir, port: record.port, logFile: serverLogFile(record), signal: options.signal });
    return { record, portChange };
  }

  async stop(id: string, mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<ManagedClusterRecord> {
    refuseRoot('stop a PostgreSQL cluster');
    const record = this.get(id);
    if (await hasDataDirectory(record.dataDir)) await stopCluster(await this.binaries(record), record.dataDir, mode);
    return record;
  }

  /** pg_ctl and initdb from the record's bin folder; if that is gone (an upgrade), the same major elsewhere. */
  async binaries(record: ManagedClusterRecord): Promise<ClusterBinaries> {
    const fromRecord = { initdb: toolPath(record.binDir, 'initdb'), pgCtl: toolPath(record.binDir, 'pg_ctl') };
    if (await isExecutable(fromRecord.pgCtl)) return fromRecord;
    const inventory = await this.tools.inventory();
    const pgCtl = pickTool(inventory, 'pg_ctl', record.majorVersion, 'same-major');
    return { initdb: pgCtl.installation.tools.initdb ?? toolPath(pgCtl.installation.binDir, 'initdb'), pgCtl: pgCtl.path };
  }

  private async movePort(record: ManagedClusterRecord, port: number): Promise<ManagedClusterRecord> {
    const moved = this.update(record.id, { port });
    await movePgpassToPort(clusterPgpassFile(moved), port);
    if (moved.profileId) {
      const profiles = new ProfileStore(this.settings);
      const profile = profiles.list().find((p) => p.id === moved.profileId);
      if (profile?.target.kind === 'params') {
        profiles.save({
          id: profile.id,
          name: profile.name,
          target: { ...profile.target, port },
          repositoryDir: profile.repositoryDir,
          managedClusterId: profile.managedClusterId,
        });
      }
    }
    return moved;
  }
}

/**
 * On quit (the Electron app, browser mode): stops every running managed cluster the user did not
 * ask to keep running. Failures are reported, not thrown, so one stuck cluster does not keep the
 * others running.
 */
export async function stopClustersOnQuit(services: { clusters: ManagedClusters }): Promise<QuitReport> {
  const report: QuitReport = { stopped: [], failed: [] };
  if (runningAsRoot()) return report; // nothing of ours can be running: PostgreSQL refuses root
  for (const record of services.clusters.list().filter((r) => !r.keepRunning)) {
    try {
      if ((await services.clusters.status(record.id)).state !== 'running') continue;
      await services.clusters.stop(record.id);
      report.stopped.push(record.id);
    } catch (error) {
      report.failed.push({ id: record.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}

function toolPath(binDir: string, tool: PgToolName): string {
  return join(binDir, tool + (process.platform === 'win32' ? '.exe' : ''));
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function hasDataDirectory(dataDir: string): Promise<boolean> {
  return access(join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

/** The first line of postmaster.pid is the postmaster's pid; signal 0 asks whether it lives. */
async function postmasterAlive(dataDir: string): Promise<boolean> {
  const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else (root asking about a user's server).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
