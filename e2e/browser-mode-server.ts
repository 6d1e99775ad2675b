import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const e2eRepoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** One `node dist/web/server.js --port 0`, exactly as `npm run web` runs it, with its own TIDEMARK_HOME. */
export interface BrowserModeServer {
  /** The printed address, token included. */
  url: string;
  origin: string;
  token: string;
  port: number;
  homeDir: string;
  /** What the server wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, as Ctrl-C would, and wait for the server to exit. */
  terminate(): Promise<void>;
  /** terminate(), then make sure no PostgreSQL started in this home is left running. */
  stop(): Promise<void>;
}

/** `repoRoot`: where dist/ is, for a caller bundled elsewhere (bench/health-renderer.ts runs from dist/bench/). */
export async function startBrowserMode(homeDir: string, repoRoot = e2eRepoRoot): Promise<BrowserModeServer> {
  const serverScript = join(repoRoot, 'dist', 'web', 'server.js');
  // The user's libpq settings must not leak into a test: each test decides its own passwords.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG') && name !== 'TIDEMARK_WEB_PORT'));
  const child = spawn(process.execPath, [serverScript, '--port', '0'], {
    cwd: repoRoot,
    // The 0600 pgpass file, not the developer's own keychain (tests/keyring: a private gnome-keyring).
    env: { ...env, TIDEMARK_HOME: homeDir, TIDEMARK_SECRET_STORE: 'pgpass-file' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await printedUrl(child, () => stderr);
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    port: Number(parsed.port),
    homeDir,
    stderr: () => stderr,
    terminate: () => terminate(child),
    stop: async () => {
      await terminate(child);
      await stopLeftoverPostmasters(homeDir);
    },
  };
}

function printedUrl(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error('the server printed no address within 20 s')), 20_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`browser mode did not start: ${error.message}\nstdout: ${stdout}\nstderr: ${stderr()}`));
    };
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /Tidemark is running at (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => fail(new Error(`it exited with code ${code}`)));
    child.once('error', fail);
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killTimer);
}

/**
 * A safety net, not the behaviour under test: a postmaster still running inside this test's
 * home (a server that crashed before stopping it) gets an immediate shutdown, so no test leaves
 * a PostgreSQL behind on the machine.
 */
async function stopLeftoverPostmasters(homeDir: string): Promise<void> {
  const entries = await readdir(homeDir, { recursive: true }).catch(() => [] as string[]);
  for (const entry of entries.filter((path) => path.endsWith('postmaster.pid'))) {
    const pid = Number((await readFile(join(homeDir, entry), 'utf8').catch(() => '')).split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      continue; // already gone
    }
    for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
