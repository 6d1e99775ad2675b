import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import { runProgram, runTool } from '../pgtools/run-tool';
import { isPortInUse } from './free-port';
import { refuseRoot } from './refuse-root';

/** The binaries of one PostgreSQL installation that running a local cluster needs. */
export interface ClusterBinaries {
  initdb: string;
  pgCtl: string;
}

export interface InitClusterOptions {
  binaries: ClusterBinaries;
  dataDir: string;
  superuser: string;
  /** The superuser's password; host connections then require scram-sha-256. */
  password: string;
  /** Lines for the cluster's managed settings file (port and listen address are always set). */
  settings?: Record<string, string | number | boolean>;
  port: number;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
}

// The settings Tidemark manages live in their own file, included from postgresql.conf, so they can be
// rewritten whole (a new port) without editing the user's postgresql.conf. ALTER SYSTEM still wins.
const managedConfName = 'tidemark.conf';

/** initdb a new cluster with checksums, UTF-8, password authentication over TCP, and our settings. */
export async function initCluster(options: InitClusterOptions): Promise<void> {
  refuseRoot('create a PostgreSQL cluster');
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(options.dataDir, '..', `.pw-${process.pid}-${Date.now()}`);
  await writeFile(passwordFile, options.password + '\n', { mode: 0o600 });
  try {
    await runTool(
      options.binaries.initdb,
      [
        '--pgdata',
        options.dataDir,
        '--username',
        options.superuser,
        '--pwfile',
        passwordFile,
        '--auth-host',
        'scram-sha-256',
        '--auth-local',
        'peer',
        '--encoding',
        'UTF8',
        '--locale',
        'C.UTF-8',
        '--data-checksums',
      ],
      { signal: options.signal, onStdoutLine: options.onLog, onStderrLine: options.onLog },
    );
  } finally {
    await rm(passwordFile, { force: true });
  }
  await appendFile(join(options.dataDir, 'postgresql.conf'), `\n# Settings managed by Tidemark\ninclude_if_exists = '${managedConfName}'\n`);
  await writeManagedSettings(options.dataDir, { ...options.settings, port: options.port });
}

/** Rewrites the managed settings file; port, listen address and sockets are always present. */
export async function writeManagedSettings(dataDir: string, settings: Record<string, string | number | boolean>): Promise<void> {
  const merged: Record<string, string | number | boolean> = {
    listen_addresses: 'localhost',
    // TCP only: a socket path inside a deep data folder can exceed the 107-byte limit of sun_path.
    unix_socket_directories: '',
    ...(await readManagedSettings(dataDir)),
    ...settings,
  };
  const lines = Object.entries(merged).map(([key, value]) => `${key} = ${formatValue(value)}`);
  await writeFile(join(dataDir, managedConfName), `# Written by Tidemark; edit with care.\n${lines.join('\n')}\n`);
}

export async function readManagedSettings(dataDir: string): Promise<Record<string, string>> {
  const text = await readFile(join(dataDir, managedConfName), 'utf8').catch(() => '');
  const settings: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([a-z_.]+)\s*=\s*(.*)$/.exec(line);
    if (match) settings[match[1]!] = parseValue(match[2]!);
  }
  return settings;
}

function formatValue(value: string | number | boolean): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function parseValue(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.startsWith("'") && trimmed.endsWith("'")) return trimmed.slice(1, -1).replace(/''/g, "'").replace(/\\\\/g, '\\');
  return trimmed;
}

export interface StartClusterOptions {
  binaries: ClusterBinaries;
  dataDir: string;
  port: number;
  logFile: string;
  timeoutSeconds?: number;
  signal?: AbortSignal;
}

/** Starts the cluster and waits until it accepts connections; a busy port gets its own error. */
export async function startCluster(options: StartClusterOptions): Promise<void> {
  refuseRoot('start a PostgreSQL cluster');
  if (await isClusterRunning(options.binaries, options.dataDir)) return;
  if (await isPortInUse(options.port)) {
    throw new TidemarkError('port_in_use', `Port ${options.port} is already in use on this machine.`, {
      hint: 'Stop whatever listens there, or pick another port.',
      details: { port: options.port },
    });
  }
  await writeManagedSettings(options.dataDir, { port: options.port });
  const timeout = options.timeoutSeconds ?? 60;
  try {
    await runTool(options.binaries.pgCtl, ['start', '--pgdata', options.dataDir, '--log', options.logFile, '--wait', '--timeout', String(timeout)], {
      signal: options.signal,
      // pg_ctl leaves postgres holding its stdout; do not wait on that pipe.
      captureStdout: false,
    });
  } catch (error) {
    const tail = (await readFile(options.logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-8).join('\n');
    throw new TidemarkError('cluster_start_failed', `PostgreSQL did not start in ${options.dataDir}.${tail ? `\n${tail}` : ''}`, {
      hint: `Read the server log at ${options.logFile}.`,
      cause: error,
    });
  }
}

export async function stopCluster(binaries: ClusterBinaries, dataDir: string, mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<void> {
  if (!(await isClusterRunning(binaries, dataDir))) return;
  await runTool(binaries.pgCtl, ['stop', '--pgdata', dataDir, '--mode', mode, '--wait', '--timeout', '60']);
}

/** pg_ctl status: exit 0 running, 3 not running, 4 not a data directory. */
export async function isClusterRunning(binaries: ClusterBinaries, dataDir: string): Promise<boolean> {
  const result = await runProgram(binaries.pgCtl, ['status', '--pgdata', dataDir], { timeoutMs: 10_000 });
  return result.exitCode === 0;
}
