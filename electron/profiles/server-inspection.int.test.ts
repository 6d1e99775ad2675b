import { execa } from 'execa';
import { realpath, stat, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionTarget } from '../../shared/domain/profile';
import type { ServerReport } from '../../shared/domain/server';
import { dispatch, type Handlers } from '../api/dispatch';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../test/harness/test-services';
import { PgpassSecretStore } from './pgpass-secret-store';
import { profileHandlers } from './profile-handlers';
import { inspectServer } from './server-report';

describe('inspecting a real server, and profiles over the contract', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let handlers: Handlers;
  const target = (user = 'postgres', database = 'postgres'): ConnectionTarget => ({
    kind: 'params',
    host: '127.0.0.1',
    port: cluster.port,
    database,
    user,
    sslmode: 'prefer',
  });
  /** A request through the same validation path as IPC; the value, or the error as a TidemarkError. */
  async function invoke<T>(name: string, input: unknown): Promise<T> {
    const outcome = await dispatch(handlers, name, input);
    if (!outcome.ok) throw TidemarkError.fromPayload(outcome.error);
    return outcome.value as T;
  }

  beforeAll(async () => {
    cluster = await createTestCluster();
    ctx = await createTestServices({ secrets: (home) => new PgpassSecretStore(home) });
    handlers = profileHandlers(ctx.services) as unknown as Handlers;
    await cluster.query(`create table public.payroll (id int primary key, amount numeric)`);
    await cluster.query(`create role nobody login password 'nobody-pw'`);
    await cluster.query(`revoke execute on function pg_control_system() from public`);
    await cluster.query(`create role dumper login replication password 'dumper-pw' in role pg_read_all_data`);
  });
  afterAll(async () => {
    await cluster?.destroy();
    await ctx?.cleanup();
  });

  it('a superuser sees every fact, and is ready for logical and physical backups but not PITR (archive_mode off)', async () => {
    const report = await inspectServer(ctx.services, { target: target(), password: cluster.password });
    const { facts, readiness } = report;
    expect(facts.majorVersion).toBe(cluster.majorVersion);
    expect(facts.serverVersion.startsWith(`${cluster.majorVersion}.`)).toBe(true);
    const controldata = await execa(`${cluster.binDir}/pg_controldata`, ['-D', cluster.dataDir]);
    expect(controldata.stdout).toContain(`Database system identifier:           ${facts.systemIdentifier}`);
    expect(facts.systemIdentifier).toMatch(/^\d{15,20}$/);
    expect(facts.dataDirectory && (await realpath(facts.dataDirectory))).toBe(await realpath(cluster.dataDir));
    expect(facts.timeZone.length).toBeGreaterThan(0);
    expect(facts.serverTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/);
    expect(Math.abs(Date.parse(facts.serverTime) - Date.now())).toBeLessThan(60_000);
    expect(facts).toMatchObject({ currentDatabase: 'postgres', walLevel: 'replica', archiveMode: 'off', maxWalSenders: 10, inRecovery: false, ssl: false });
    expect(facts.role).toEqual({ name: 'postgres', superuser: true, replication: true, readAllData: true });
    expect(readiness.logicalBackup.ready).toBe(true);
    expect(readiness.physicalBackup.ready).toBe(true);
    expect(readiness.pointInTimeRecovery.ready).toBe(false);
    expect(readiness.pointInTimeRecovery.missing.join(' ')).toContain('archive_mode is off');
    expect(report.tools.pgDump?.version.startsWith(`${cluster.majorVersion}`)).toBe(true);
    expect(report.tools.problem).toBeNull();
  });

  it('a role without privileges: no data directory, logical and physical not ready, each with its reason', async () => {
    const { facts, readiness } = await inspectServer(ctx.services, { target: target('nobody'), password: 'nobody-pw' });
    expect(facts.role).toEqual({ name: 'nobody', superuser: false, replication: false, readAllData: false });
    expect(facts.dataDirectory).toBeNull();
    // Hardened servers revoke pg_control_system() from PUBLIC (beforeAll does): then it is unknown.
    expect(facts.systemIdentifier).toBeNull();
    expect(facts.unreadableRelations).toEqual({ count: 1, examples: ['public.payroll'] });
    expect(readiness.logicalBackup.ready).toBe(false);
    expect(readiness.logicalBackup.missing[0]).toContain('public.payroll');
    expect(readiness.logicalBackup.missing[0]).toContain('GRANT pg_read_all_data TO nobody');
    expect(readiness.physicalBackup.ready).toBe(false);
    expect(readiness.physicalBackup.missing).toEqual([expect.stringContaining('ALTER ROLE nobody REPLICATION')]);
  });

  it('pg_read_all_data and REPLICATION are enough without superuser', async () => {
    const { facts, readiness } = await inspectServer(ctx.services, { target: target('dumper'), password: 'dumper-pw' });
    expect(facts.role).toEqual({ name: 'dumper', superuser: false, replication: true, readAllData: true });
    expect(readiness.logicalBackup.ready).toBe(true);
    expect(readiness.physicalBackup.ready).toBe(true);
  });

  it('saves a profile with its password in a 0600 pgpass file, lists it, tests it by id, keeps, then deletes the password', async () => {
    const saved = await invoke<{ id: string; passwordSaved: boolean; summary: string }>('profiles.save', {
      name: 'harness',
      target: target(),
      password: 'pa:ss\\word',
    });
    expect(saved.passwordSaved).toBe(true);
    expect(saved.summary).toBe(`127.0.0.1:${cluster.port}/postgres as postgres`);
    const file = `${ctx.home}/pgpass`;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain(`127.0.0.1:${cluster.port}:postgres:postgres:pa\\:ss\\\\word`);
    expect(JSON.stringify(ctx.services.settings.get('profiles'))).not.toContain('pa:ss');

    // The right password now; an absent password keeps it across an edit.
    await invoke('profiles.save', { id: saved.id, name: 'harness', target: target(), password: cluster.password });
    const renamed = await invoke<{ name: string; passwordSaved: boolean }>('profiles.save', { id: saved.id, name: 'harness-2', target: target() });
    expect(renamed).toMatchObject({ name: 'harness-2', passwordSaved: true });
    const report = await invoke<ServerReport>('profiles.test', { id: saved.id });
    expect(report.facts.role.name).toBe('postgres');
    expect(report.elapsedMs).toBeGreaterThan(0);

    const cleared = await invoke<{ passwordSaved: boolean }>('profiles.save', { id: saved.id, name: 'harness-2', target: target(), password: null });
    expect(cleared.passwordSaved).toBe(false);
    await expect(invoke('profiles.test', { id: saved.id })).rejects.toMatchObject({ code: 'password_required' });
  });

  it('moves a password typed into a URI to the secret store, and tests drafts with a one-off password', async () => {
    const saved = await invoke<{ id: string; target: ConnectionTarget; passwordSaved: boolean }>('profiles.save', {
      name: 'by-uri',
      target: { kind: 'uri', uri: cluster.url('postgres', 'dumper', 'dumper-pw') },
    });
    expect(saved.target).toEqual({ kind: 'uri', uri: `postgresql://dumper@127.0.0.1:${cluster.port}/postgres` });
    expect(saved.passwordSaved).toBe(true);
    expect((await invoke<ServerReport>('profiles.test', { id: saved.id })).facts.role.name).toBe('dumper');

    const draft = await invoke<ServerReport>('profiles.test', { target: target('nobody'), password: 'nobody-pw' });
    expect(draft.facts.role.name).toBe('nobody');
    await expect(invoke('profiles.test', { target: target('nobody'), password: 'wrong' })).rejects.toMatchObject({ code: 'auth_failed' });
  });

  it('refuses a duplicate name and invalid input; remove deletes the profile and its password', async () => {
    const first = await invoke<{ id: string }>('profiles.save', { name: 'dup', target: target('nobody'), password: 'nobody-pw' });
    await expect(invoke('profiles.save', { name: 'DUP', target: target() })).rejects.toMatchObject({ code: 'conflict' });
    await expect(invoke('profiles.save', { name: 'bad', target: { ...target(), port: 70000 } })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await readFile(`${ctx.home}/pgpass`, 'utf8')).toContain('nobody-pw');
    expect(await invoke('profiles.remove', { id: first.id })).toEqual({ removed: true });
    expect(await readFile(`${ctx.home}/pgpass`, 'utf8')).not.toContain('nobody-pw');
    expect(await invoke('profiles.remove', { id: first.id })).toEqual({ removed: false });
    const names = (await invoke<{ name: string }[]>('profiles.list', {})).map((p) => p.name);
    expect(names).toEqual(['harness-2', 'by-uri']);
  });

  it('PITR becomes ready once archive_mode and archive_command are set and the server restarted', async () => {
    await cluster.query(`alter system set archive_mode = on`);
    await cluster.query(`alter system set archive_command = 'true'`);
    await cluster.stop();
    await cluster.start();
    const { facts, readiness } = await inspectServer(ctx.services, { target: target(), password: cluster.password });
    expect(facts).toMatchObject({ archiveMode: 'on', archiveCommand: 'true' });
    expect(readiness.pointInTimeRecovery).toMatchObject({ ready: true, missing: [] });
  });
});
