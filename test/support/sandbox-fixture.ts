import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TidemarkApi } from '../../shared/contract';
import type { JobSnapshot } from '../../shared/domain/job';
import { createHandlers } from '../../electron/api/handlers';
import { call, createLocalApi } from '../../electron/api/local-api';
import { createServices, type Services } from '../../electron/api/services';
import { readClusterPgpass } from '../../electron/clusters/cluster-pgpass';
import { MemorySecretStore } from '../../electron/profiles/secret-store';
import { openFileSettings } from '../../electron/settings/settings-store';

/** A Tidemark over a home folder, wired as the CLI wires it; a second one on the same home is a restart. */
export interface TidemarkOnHome {
  services: Services;
  api: TidemarkApi;
}

export function openTidemark(home: string): TidemarkOnHome {
  const services = createServices({ host: 'cli', homeDir: home, settings: openFileSettings(home), secrets: new MemorySecretStore() });
  return { services, api: createLocalApi(services, createHandlers(services)) };
}

export async function temporaryHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tidemark-home-'));
}

/** Stops whatever the home's registry holds, then removes the home. */
export async function removeHome(home: string): Promise<void> {
  const { services } = openTidemark(home);
  for (const record of services.clusters.list()) await services.clusters.stop(record.id, 'immediate').catch(() => undefined);
  await rm(home, { recursive: true, force: true });
}

export async function createSandboxAndWait(tidemark: TidemarkOnHome): Promise<JobSnapshot> {
  const { jobId } = await call(tidemark.api, 'sandbox.create', {});
  return tidemark.services.jobs.wait(jobId);
}

/** A client on the sandbox's sample database, with the password from its pgpass file. */
export async function sandboxClient(pgpassFile: string, port: number, database = 'tidemark_sample'): Promise<pg.Client> {
  const credentials = await readClusterPgpass(pgpassFile);
  if (!credentials) throw new Error(`no credentials in ${pgpassFile}`);
  const client = new pg.Client({ host: '127.0.0.1', port, user: credentials.user, password: credentials.password, database });
  await client.connect();
  return client;
}
