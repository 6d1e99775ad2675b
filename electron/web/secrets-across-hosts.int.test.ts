import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import type { LogicalBackupResult } from '../../shared/domain/backup';
import type { ProfileView } from '../../shared/domain/profile';
import { createHandlers } from '../api/handlers';
import { call, createLocalApi } from '../api/local-api';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import { privateKeyringUnavailable, startPrivateKeyring, type PrivateKeyring } from '../../test/harness/private-keyring';
import { ensureCliBuilt, runTidemark } from '../../test/harness/tidemark-cli';
import { jobResult } from '../../test/support/job-test-support';
import { startWebServer, type WebServer } from './web-server';

const unavailable = privateKeyringUnavailable();

// The point of one secret store: a password saved by one host is there for the others. The CLI
// runs as its own process (the built bin/tidemark.js); browser mode is startWebServer's services.
describe.skipIf(unavailable)(`the CLI and browser mode share saved passwords through the OS keychain${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let keyring: PrivateKeyring;
  let cluster: TestCluster;
  let home: string;
  let web: WebServer;
  let webApi: TidemarkApi;
  const savedAddress = process.env.DBUS_SESSION_BUS_ADDRESS;
  // The keychain, probed as any user's CLI would be (the harness otherwise asks for the pgpass file).
  const tidemark = (args: string[], input?: string) => runTidemark(home, args, { env: { TIDEMARK_SECRET_STORE: 'auto' }, ...(input ? { input } : {}) });
  const paramsArgs = () => ['--host', '127.0.0.1', '--port', String(cluster.port), '--db', 'postgres', '--user', 'postgres'];

  beforeAll(async () => {
    [keyring, cluster] = await Promise.all([startPrivateKeyring(), createTestCluster(), ensureCliBuilt()]);
    // This process (browser mode's services) and the CLI processes it starts use the private bus.
    process.env.DBUS_SESSION_BUS_ADDRESS = keyring.address;
    home = await mkdtemp(join(tmpdir(), 'tidemark-hosts-'));
    web = await startWebServer({ homeDir: home, rendererDir: home });
    webApi = createLocalApi(web.services, createHandlers(web.services));
  });
  afterAll(async () => {
    await web?.close();
    await cluster?.destroy();
    if (savedAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = savedAddress;
    await keyring?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('a password the CLI saved is read by browser mode, which backs up with it', async () => {
    const added = await tidemark(['profile', 'add', 'from-cli', ...paramsArgs(), '--password-stdin', '--json'], `${cluster.password}\n`);
    expect(added.exitCode, added.stderr).toBe(0);
    const view = JSON.parse(added.stdout) as ProfileView;
    expect(view).toMatchObject({ passwordSaved: true, secretStorage: 'os-keychain' });
    // In the keychain, not in a file of the home.
    expect(await readdir(home)).not.toContain('pgpass');

    // Browser mode reads the same settings.json; its own store finds the password.
    expect(await call(webApi, 'app.info', {})).toMatchObject({ host: 'web', secretStorage: 'os-keychain', secretStorageFallbackReason: null });
    const report = await call(webApi, 'profiles.test', { id: view.id });
    expect(report.facts.role.name).toBe('postgres');
    const { jobId } = await call(webApi, 'backups.startLogical', {
      connection: { profileId: view.id },
      databases: ['postgres'],
      options: { format: 'custom' },
    });
    expect((await jobResult<LogicalBackupResult>(web.services, jobId)).backups).toHaveLength(1);
  });

  it('a password saved in browser mode is read by the CLI, and `profile list` says where it is kept', async () => {
    const saved = await call(webApi, 'profiles.save', {
      name: 'from-web',
      target: { kind: 'params', host: '127.0.0.1', port: cluster.port, database: 'postgres', user: 'postgres', sslmode: 'disable' },
      password: cluster.password,
    });
    expect(saved).toMatchObject({ passwordSaved: true, secretStorage: 'os-keychain' });
    const tested = await tidemark(['profile', 'test', 'from-web', '--json']);
    expect(tested.exitCode, tested.stderr).toBe(0);

    const listed = await tidemark(['profile', 'list', '--json']);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const views = JSON.parse(listed.stdout) as ProfileView[];
    expect(views.map((v) => [v.name, v.passwordSaved, v.secretStorage])).toEqual([
      ['from-cli', true, 'os-keychain'],
      ['from-web', true, 'os-keychain'],
    ]);
    const human = await tidemark(['profile', 'list']);
    expect(human.stdout).toMatch(/from-web\s+127\.0\.0\.1:\d+\/postgres as postgres\s+saved/);
    expect(human.stdout).toContain('Saved passwords are kept in the Secret Service');
  });
});
