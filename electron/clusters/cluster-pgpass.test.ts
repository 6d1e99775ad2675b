import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passwordFromPgpassFile } from '../profiles/pgpass-file';
import { movePgpassToPort, readClusterPgpass, writeClusterPgpass } from './cluster-pgpass';

describe("a managed cluster's pgpass file", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tidemark-pgpass-'));
    file = join(dir, 'pgpass');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is private to the user and matches both spellings of the loopback host, as libpq reads it', async () => {
    await writeClusterPgpass(file, { port: 54321, user: 'postgres', password: 'a:b\\c' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe('127.0.0.1:54321:*:postgres:a\\:b\\\\c\nlocalhost:54321:*:postgres:a\\:b\\\\c\n');
    for (const host of ['127.0.0.1', 'localhost']) {
      expect(await passwordFromPgpassFile(file, { host, port: 54321, database: 'tidemark_sample', user: 'postgres' })).toBe('a:b\\c');
    }
    expect(await passwordFromPgpassFile(file, { host: 'localhost', port: 5432, database: 'x', user: 'postgres' })).toBeUndefined();
  });

  it('follows the cluster to a new port and keeps the password', async () => {
    await writeClusterPgpass(file, { port: 54321, user: 'postgres', password: 'secret' });
    await movePgpassToPort(file, 40000);
    expect(await readClusterPgpass(file)).toEqual({ port: 40000, user: 'postgres', password: 'secret' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('is left alone when there is none', async () => {
    await movePgpassToPort(file, 40000);
    expect(await readClusterPgpass(file)).toBeNull();
  });
});
