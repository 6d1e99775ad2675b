import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { sandboxSuperuser, type SandboxStatus } from '../shared/domain/sandbox';
import type { BridgeClient } from './bridge-client';
import type { ParamsDraft } from './pages/profile-form-page';

export type RunningSandbox = Exclude<SandboxStatus, { state: 'absent' }> & { password: string };

/** Makes the sandbox through the bridge (its UI has its own test) and reads its password from its pgpass file. */
export async function createSandboxThroughBridge(bridge: BridgeClient): Promise<RunningSandbox> {
  const { jobId } = await bridge.call('sandbox.create', {});
  await bridge.waitForJob(jobId);
  const status = await bridge.call('sandbox.status', {});
  if (status.state === 'absent') throw new Error(`the sandbox was not created: ${status.reason ?? 'no reason given'}`);
  // pgpass format: host:port:database:user:password
  const line = (await readFile(status.pgpassFile, 'utf8')).split('\n').find((entry) => entry.includes(`:${status.port}:`));
  const password = line?.split(':').slice(4).join(':');
  if (!password) throw new Error(`no password for port ${status.port} in ${status.pgpassFile}`);
  return { ...status, password };
}

/** A connection form filled in for the sandbox's sample database as its superuser. */
export function sandboxDraft(sandbox: RunningSandbox, name: string, password: string): ParamsDraft {
  return { name, host: '127.0.0.1', port: sandbox.port, database: sandbox.sampleDatabase, user: sandboxSuperuser, password, savePassword: true };
}

/**
 * Runs SQL in the sandbox's sample database as its superuser, with psql, to prepare what a test
 * needs (more rows, a session to end); the UI under test does the rest.
 */
export async function sandboxSql(sandbox: RunningSandbox, sql: string): Promise<string> {
  const psql = '/usr/lib/postgresql/15/bin/psql';
  const args = ['-h', '127.0.0.1', '-p', String(sandbox.port), '-U', sandboxSuperuser, '-d', sandbox.sampleDatabase, '-v', 'ON_ERROR_STOP=1', '-Atc', sql];
  const { stdout } = await promisify(execFile)(psql, args, { env: { ...process.env, PGPASSWORD: sandbox.password, PGAPPNAME: 'e2e-session' } });
  return stdout.trim();
}
