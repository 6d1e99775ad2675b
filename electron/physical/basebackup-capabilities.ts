import { join } from 'node:path';
import type pg from 'pg';
import { compressionMethods, type BasebackupCapabilities, type CompressionMethod } from '../../shared/domain/physical';
import type { ArchiveServerSettings } from '../../shared/domain/archiving';
import type { PgInstallation } from '../../shared/domain/tools';
import { runProgram } from '../pgtools/run-tool';
import { compressionProblemFor } from './basebackup-command';

/** Which optional compression libraries a PostgreSQL build has, from its configure flags; null when unknown. */
type BuildSupport = Record<Exclude<CompressionMethod, 'gzip'>, boolean> | null;

function supportFrom(configure: string | null): BuildSupport {
  if (!configure) return null;
  return { lz4: configure.includes('--with-lz4'), zstd: configure.includes('--with-zstd') };
}

/** The client tools' build, from pg_config beside them (packaged with the server or -dev packages). */
async function clientSupport(installation: PgInstallation): Promise<BuildSupport> {
  const result = await runProgram(join(installation.binDir, process.platform === 'win32' ? 'pg_config.exe' : 'pg_config'), ['--configure'], {
    timeoutMs: 5_000,
  });
  return supportFrom(result.exitCode === 0 ? result.stdout : null);
}

/** The server's build, from the pg_config view (superusers only by default). */
async function serverSupport(client: pg.Client): Promise<BuildSupport> {
  try {
    const result = await client.query<{ setting: string }>("select setting from pg_config where name = 'CONFIGURE'");
    return supportFrom(result.rows[0]?.setting ?? null);
  } catch {
    return null;
  }
}

/** What the form may offer: formats, each compression on each side, and whether the role may back up. */
export async function basebackupCapabilities(
  client: pg.Client,
  server: ArchiveServerSettings,
  tool: { path: string; installation: PgInstallation },
): Promise<BasebackupCapabilities> {
  const [clientBuild, serverBuild] = await Promise.all([clientSupport(tool.installation), serverSupport(client)]);
  const compressions: BasebackupCapabilities['compressions'] = [];
  for (const method of compressionMethods) {
    for (const location of ['server', 'client'] as const) {
      const rule = compressionProblemFor({ method, location }, 'tar', server.majorVersion, tool.installation.major);
      const build = location === 'server' ? serverBuild : clientBuild;
      const built = method === 'gzip' || build === null || build[method];
      compressions.push({
        method,
        location,
        available: rule === null && built,
        reason:
          rule ??
          (built
            ? method !== 'gzip' && build === null
              ? `Whether the ${location} was built with ${method} could not be checked; the backup will say if not.`
              : null
            : `The ${location}'s PostgreSQL was built without ${method}.`),
        workers: method === 'zstd' && tool.installation.major >= 15,
      });
    }
  }
  const problems: string[] = [];
  if (!server.role.superuser && !server.role.replication)
    problems.push(`The role ${server.role.name} needs the REPLICATION attribute (or superuser) to take a base backup.`);
  if (server.walLevel === 'minimal') problems.push('wal_level is minimal: base backups need replica (restart required).');
  if (server.maxWalSenders < 2) problems.push(`max_wal_senders is ${server.maxWalSenders}: a base backup with streamed WAL needs two (restart required).`);
  const verifyMajor = server.majorVersion;
  return {
    toolPath: tool.path,
    toolVersion: tool.installation.version,
    serverMajor: server.majorVersion,
    compressions,
    verifiable: {
      plain: { direct: true, note: 'pg_verifybackup checks the backup in place.' },
      tar: {
        direct: verifyMajor >= 18,
        note:
          verifyMajor >= 18
            ? 'pg_verifybackup reads tar backups directly.'
            : `pg_verifybackup ${verifyMajor} reads only plain backups: Tidemark extracts the tar backup into a temporary folder to check it.`,
      },
    },
    allowed: problems.length === 0,
    problems,
  };
}
