import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The checkout this harness lives in (test/harness/ → the root). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `npm test` builds before the suites run; a developer's checkout may hold an older bundle. */
export async function ensureCliBuilt(): Promise<void> {
  const bundle = await stat(join(repoRoot, 'dist', 'cli', 'main.js')).catch(() => null);
  if (bundle && (await newestSourceMtime([join(repoRoot, 'electron'), join(repoRoot, 'shared')])) <= bundle.mtimeMs) return;
  await execa('node', ['scripts/build.mjs', '--node-only'], { cwd: repoRoot });
}

async function newestSourceMtime(dirs: string[]): Promise<number> {
  let newest = 0;
  for (const dir of dirs) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
    }
  }
  return newest;
}

/**
 * Runs the built `tidemark` CLI as a user would, on its own home folder. The environment holds no
 * password source of the developer's (PGPASSWORD, ~/.pgpass, their keychain) unless the test passes one.
 */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runTidemark(home: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PGPASSWORD: undefined,
    PGPASSFILE: join(home, 'no-user-pgpass'),
    TIDEMARK_HOME: home,
    // Saved passwords go to the home's 0600 pgpass file, never the developer's own keychain; a test
    // of the keychain passes TIDEMARK_SECRET_STORE: 'auto' with a private D-Bus (test/harness/private-keyring.ts).
    TIDEMARK_SECRET_STORE: 'pgpass-file',
    ...options.env,
  };
  const result = await execa('node', [join(repoRoot, 'bin', 'tidemark.js'), ...args], {
    env,
    extendEnv: false,
    reject: false,
    timeout: 90_000,
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** `tidemark profile add NAME` for a test cluster, its password given on stdin as a user would. */
export async function addCliProfile(home: string, name: string, cluster: { port: number; password: string }): Promise<void> {
  const args = ['--host', '127.0.0.1', '--port', String(cluster.port), '--db', 'postgres', '--user', 'postgres', '--sslmode', 'disable'];
  const added = await runTidemark(home, ['profile', 'add', name, ...args, '--password-stdin'], { input: `${cluster.password}\n` });
  if (added.exitCode !== 0) throw new Error(`tidemark profile add ${name} failed: ${added.stderr}`);
}

/** A successful run's --json document; a failed run fails with its stderr. */
export function jsonOf<T>(run: CliRun): T {
  if (run.exitCode !== 0) throw new Error(`exit code ${run.exitCode}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** A failed --json run's error, from stderr. */
export function cliErrorOf(run: CliRun): { code: string; message: string; hint?: string } {
  return (JSON.parse(run.stderr) as { error: { code: string; message: string; hint?: string } }).error;
}
