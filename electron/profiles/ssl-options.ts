import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { TidemarkError } from '../../shared/domain/errors';
import { sslModes, type SslMode } from '../../shared/domain/profile';

/** What node-postgres takes as `ssl`: false for plain, or Node's TLS options. */
export type PgSslOption = false | ConnectionOptions;

export interface SslFiles {
  /** CA file; 'system' means the platform's trusted roots (libpq 16+ spelling). */
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
}

export function parseSslMode(value: string | undefined, fallback: SslMode = 'prefer'): SslMode {
  if (value === undefined || value === '') return fallback;
  if ((sslModes as readonly string[]).includes(value)) return value as SslMode;
  throw new TidemarkError('invalid_input', `sslmode "${value}" is not one of ${sslModes.join(', ')}.`, {
    hint: 'Use prefer for the libpq default, require to insist on TLS, verify-full to also check the certificate and host name.',
  });
}

/**
 * libpq's sslmode for node-postgres (https://www.postgresql.org/docs/current/libpq-ssl.html):
 * require encrypts without checking the certificate unless a root CA file is present, in which
 * case it behaves as verify-ca; verify-ca checks the chain; verify-full also the host name.
 * disable and allow start plain, prefer and require start with TLS: the fallback of allow and
 * prefer is done by openClient().
 */
export async function pgSslOption(mode: SslMode, files: SslFiles, env: NodeJS.ProcessEnv = process.env): Promise<PgSslOption> {
  if (mode === 'disable' || mode === 'allow') return false;
  const identity = await clientCertificate(files);
  if (mode === 'prefer') return { rejectUnauthorized: false, ...identity };
  const rootCert = files.sslrootcert ?? env.PGSSLROOTCERT ?? defaultRootCert();
  if (mode === 'require' && (!rootCert || rootCert === 'system' || !existsSync(rootCert))) {
    return { rejectUnauthorized: false, ...identity };
  }
  // Without any CA file, verify against the platform's trusted roots rather than trusting everything.
  const ca = rootCert && rootCert !== 'system' ? await readSslFile(rootCert, 'CA certificate') : undefined;
  const verifyChain: ConnectionOptions = { rejectUnauthorized: true, ...(ca ? { ca } : {}), ...identity };
  if (mode === 'verify-full') return verifyChain;
  // verify-ca (and require with a CA file): the chain is checked, the host name is not.
  return { ...verifyChain, checkServerIdentity: () => undefined };
}

function defaultRootCert(): string | undefined {
  const path = join(homedir(), '.postgresql', 'root.crt');
  return existsSync(path) ? path : undefined;
}

async function clientCertificate(files: SslFiles): Promise<Pick<ConnectionOptions, 'cert' | 'key'>> {
  if (!files.sslcert || !files.sslkey) return {};
  return { cert: await readSslFile(files.sslcert, 'client certificate'), key: await readSslFile(files.sslkey, 'client key') };
}

async function readSslFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new TidemarkError('tls_failed', `Cannot read the ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, {
      hint: `Check the path of the ${what} and that Tidemark's user may read it.`,
      details: { path },
    });
  }
}
