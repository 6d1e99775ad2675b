import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Folders where PostgreSQL's packages put their binaries, newest first within each pattern:
 * Debian/Ubuntu, RHEL (PGDG), Homebrew (Apple silicon and Intel), Postgres.app, the EDB
 * installer on Windows, and a few generic prefixes.
 */
export async function wellKnownBinDirs(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const versioned: { parent: string; pattern: RegExp; bin: (entry: string) => string }[] = [];
  const fixed: string[] = [];
  if (platform === 'win32') {
    for (const programFiles of [env.ProgramFiles, env['ProgramFiles(x86)'], 'C:\\Program Files']) {
      if (programFiles)
        versioned.push({ parent: join(programFiles, 'PostgreSQL'), pattern: /^\d+(\.\d+)?$/, bin: (v) => join(programFiles, 'PostgreSQL', v, 'bin') });
    }
  } else {
    versioned.push({ parent: '/usr/lib/postgresql', pattern: /^\d+(\.\d+)?$/, bin: (v) => `/usr/lib/postgresql/${v}/bin` });
    versioned.push({ parent: '/usr', pattern: /^pgsql-\d+$/, bin: (d) => `/usr/${d}/bin` });
    versioned.push({ parent: '/opt/homebrew/opt', pattern: /^postgresql(@\d+)?$/, bin: (d) => `/opt/homebrew/opt/${d}/bin` });
    versioned.push({ parent: '/usr/local/opt', pattern: /^postgresql(@\d+)?$/, bin: (d) => `/usr/local/opt/${d}/bin` });
    versioned.push({
      parent: '/Applications/Postgres.app/Contents/Versions',
      pattern: /^(\d+(\.\d+)?|latest)$/,
      bin: (v) => `/Applications/Postgres.app/Contents/Versions/${v}/bin`,
    });
    fixed.push('/usr/local/pgsql/bin', '/opt/homebrew/bin', '/usr/local/bin', '/usr/bin');
  }

  const dirs: string[] = [];
  for (const { parent, pattern, bin } of versioned) {
    const entries = await readdir(parent).catch(() => [] as string[]);
    const matching = entries.filter((entry) => pattern.test(entry));
    matching.sort((a, b) => versionKey(b) - versionKey(a));
    dirs.push(...matching.map(bin));
  }
  return [...dirs, ...fixed];
}

function versionKey(name: string): number {
  const match = /(\d+)(?:\.(\d+))?/.exec(name);
  return match ? Number(match[1]) * 1000 + Number(match[2] ?? 0) : Number.MAX_SAFE_INTEGER;
}
