import { access, constants, realpath } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import { pgToolNames, type PgInstallation, type PgToolName, type ToolInventory } from '../../shared/domain/tools';
import { runProgram } from './run-tool';
import { wellKnownBinDirs } from './well-known-dirs';

const exeSuffix = process.platform === 'win32' ? '.exe' : '';

export function installHint(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Install PostgreSQL with Homebrew (brew install postgresql@17) or Postgres.app, or set the tools folder in Settings.';
  if (platform === 'win32')
    return 'Install PostgreSQL from the EDB installer (it puts the tools in C:\\Program Files\\PostgreSQL\\N\\bin), or set the tools folder in Settings.';
  return 'Install the client tools (Debian/Ubuntu: apt-get install postgresql-client-17, or postgresql-17 for initdb and pg_ctl; RHEL: dnf install postgresql17), or set the tools folder in Settings.';
}

/**
 * Finds every installation of PostgreSQL's tools: the override folder first, then PATH, then the
 * well-known folders. One installation per bin folder; the same folder reached twice counts once.
 */
export async function discoverTools(options: { overrideDir: string | null; env?: NodeJS.ProcessEnv }): Promise<ToolInventory> {
  const env = options.env ?? process.env;
  const candidates: { dir: string; origin: PgInstallation['origin'] }[] = [];
  if (options.overrideDir) candidates.push({ dir: options.overrideDir, origin: 'override' });
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) candidates.push({ dir, origin: 'path' });
  for (const dir of await wellKnownBinDirs(process.platform, env)) candidates.push({ dir, origin: 'well-known' });

  // Group tools by the folder they really live in: /usr/local/bin/initdb may be a link into
  // /usr/lib/postgresql/15/bin, and that is one installation, not two.
  const byRealDir = new Map<string, { origin: PgInstallation['origin']; tools: Partial<Record<PgToolName, string>> }>();
  for (const { dir, origin } of candidates) {
    for (const [tool, real] of await toolsIn(dir)) {
      const realDir = dirname(real);
      const group = byRealDir.get(realDir) ?? { origin, tools: {} };
      group.tools[tool] ??= real;
      byRealDir.set(realDir, group);
    }
  }
  const installations: PgInstallation[] = [];
  for (const [binDir, { origin, tools }] of byRealDir) {
    const probe = tools.pg_dump ?? tools.psql ?? tools.pg_ctl ?? tools.initdb ?? tools.pg_basebackup ?? Object.values(tools)[0];
    const version = probe ? await toolVersion(probe) : null;
    if (version) installations.push({ binDir, major: version.major, version: version.text, tools, origin });
  }

  const missing = pgToolNames.filter((tool) => !installations.some((installation) => installation.tools[tool])).map((tool) => ({ tool, hint: installHint() }));
  return { installations, override: options.overrideDir, missing, searched: candidates.map((c) => c.dir) };
}

/** The tools present in one folder, each with its real path (links resolved). */
async function toolsIn(dir: string): Promise<[PgToolName, string][]> {
  const found: [PgToolName, string][] = [];
  for (const tool of pgToolNames) {
    const path = join(dir, tool + exeSuffix);
    if (!(await isExecutable(path))) continue;
    const real = await realpath(path).catch(() => path);
    if (!real.endsWith('pg_wrapper')) found.push([tool, real]);
  }
  return found;
}

// Debian's /usr/bin/pg_dump is pg_wrapper, which picks a version from the local cluster
// configuration rather than the server we connect to; toolsIn() skips it, and the real binaries
// are found under /usr/lib/postgresql/N/bin.
async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Parses "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → { major: 15, text: "15.18" }. */
export function parseToolVersion(output: string): { major: number; text: string } | null {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(output);
  if (!match) return null;
  const major = Number(match[1]);
  // Before 10 the major was two numbers (9.6); those servers are long out of support.
  const text = [match[1], match[2], match[3]].filter((part) => part !== undefined).join('.');
  return { major, text };
}

async function toolVersion(path: string): Promise<{ major: number; text: string } | null> {
  const result = await runProgram(path, ['--version'], { timeoutMs: 5_000 });
  return parseToolVersion(result.stdout);
}

export type VersionRule =
  /** pg_dump, pg_dumpall, pg_restore, pg_basebackup: at least the server's major. */
  | 'at-least-server'
  /** pg_waldump, pg_controldata, initdb/pg_ctl for a given data directory: the same major. */
  | 'same-major';

/**
 * Picks the tool to use against a server of `serverMajor` (or the newest when it is unknown),
 * or explains in one error what is missing or too old.
 */
export function pickTool(
  inventory: ToolInventory,
  tool: PgToolName,
  serverMajor: number | null,
  rule: VersionRule = 'at-least-server',
): { path: string; installation: PgInstallation } {
  const having = inventory.installations.filter((installation) => installation.tools[tool]);
  if (having.length === 0) {
    throw new TidemarkError('tool_missing', `${tool} was not found.`, { hint: installHint(), details: { tool } });
  }
  const ordered = [...having].sort((a, b) => originRank(a) - originRank(b) || b.major - a.major);
  let chosen: PgInstallation | undefined;
  if (serverMajor === null) {
    chosen = ordered[0];
  } else if (rule === 'same-major') {
    chosen = ordered.find((installation) => installation.major === serverMajor);
  } else {
    // The override wins if it is new enough; otherwise the oldest install that is still new enough,
    // because pg_dump of the server's own major produces the most faithful dump.
    const fitting = ordered.filter((installation) => installation.major >= serverMajor);
    chosen = fitting.find((installation) => installation.origin === 'override') ?? [...fitting].sort((a, b) => a.major - b.major)[0];
  }
  if (!chosen) {
    const found = having.map((installation) => `${installation.version} in ${installation.binDir}`).join(', ');
    const need = rule === 'same-major' ? `version ${serverMajor}` : `version ${serverMajor} or newer`;
    throw new TidemarkError('tool_too_old', `${tool} ${need} is needed for a PostgreSQL ${serverMajor} server; found ${found}.`, {
      hint: installHint(),
      details: { tool, serverMajor: serverMajor ?? 0 },
    });
  }
  return { path: chosen.tools[tool]!, installation: chosen };
}

function originRank(installation: PgInstallation): number {
  return installation.origin === 'override' ? 0 : 1;
}
