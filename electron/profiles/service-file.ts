import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConninfoKeywords } from './conninfo';

/**
 * The connection service files libpq reads, in its order
 * (https://www.postgresql.org/docs/current/libpq-pgservice.html): the user's file
 * (PGSERVICEFILE, else ~/.pg_service.conf), then the system file in PGSYSCONFDIR (else the
 * folder the platform's libpq was built with).
 */
export function serviceFilePaths(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const user =
    env.PGSERVICEFILE ?? (platform === 'win32' ? join(env.APPDATA ?? homedir(), 'postgresql', '.pg_service.conf') : join(homedir(), '.pg_service.conf'));
  const systemDirs = env.PGSYSCONFDIR
    ? [env.PGSYSCONFDIR]
    : platform === 'win32'
      ? []
      : // Debian/Ubuntu's libpq, then the source default and Homebrew's.
        ['/etc/postgresql-common', '/etc/sysconfig/pgsql', '/usr/local/pgsql/etc', '/opt/homebrew/etc', '/usr/local/etc'];
  return [user, ...systemDirs.map((dir) => join(dir, 'pg_service.conf'))];
}

/** The sections of one service file: `[name]` then `keyword=value` lines; # starts a comment. */
export function parseServiceFile(text: string): Map<string, ConninfoKeywords> {
  const services = new Map<string, ConninfoKeywords>();
  let current: ConninfoKeywords | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = {};
      services.set(section[1]!.trim(), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return services;
}

/** The keywords of service `name` from the first file that defines it, or a clear not_found. */
export async function readService(name: string, env: NodeJS.ProcessEnv = process.env): Promise<ConninfoKeywords & { service: string }> {
  const paths = serviceFilePaths(env);
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    const keywords = parseServiceFile(text).get(name);
    if (keywords) return { ...keywords, service: name };
  }
  throw new TidemarkError('not_found', `No connection service named "${name}" in ${paths.join(' or ')}.`, {
    hint: 'Add a [' + name + '] section to ~/.pg_service.conf (or point PGSERVICEFILE at your service file).',
    details: { service: name },
  });
}
