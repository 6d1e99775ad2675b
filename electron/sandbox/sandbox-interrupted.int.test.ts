import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobLogLine, JobSnapshot } from '../../shared/domain/job';
import { call } from '../api/local-api';
import { createSandboxAndWait, openTidemark, removeHome, temporaryHome, type TidemarkOnHome } from '../../test/support/sandbox-fixture';

let home: string | undefined;
afterEach(async () => {
  if (home) await removeHome(home);
  home = undefined;
});

async function freshTidemark(): Promise<TidemarkOnHome> {
  home = await temporaryHome();
  return openTidemark(home);
}

/** Starts a create and cancels it the moment `when` sees the event it waits for. */
async function createAndCancel(tidemark: TidemarkOnHome, when: (event: { state?: JobSnapshot; log?: JobLogLine }) => boolean): Promise<JobSnapshot> {
  const { jobId } = await call(tidemark.api, 'sandbox.create', {});
  const unsubscribe = tidemark.services.events.subscribe((name, payload) => {
    const event = name === 'job.state' ? { state: payload as JobSnapshot } : { log: payload as JobLogLine };
    // Cancel synchronously inside the event, so the job is at exactly this point when it notices.
    if ((event.state?.id ?? event.log?.jobId) === jobId && when(event)) {
      unsubscribe();
      tidemark.services.jobs.cancel(jobId);
    }
  });
  try {
    return await tidemark.services.jobs.wait(jobId);
  } finally {
    unsubscribe();
  }
}

async function expectNothingLeft(tidemark: TidemarkOnHome, homeDir: string): Promise<void> {
  expect(existsSync(join(homeDir, 'clusters', 'sandbox'))).toBe(false);
  expect(tidemark.services.settings.get('profiles')).toEqual([]);
  expect(tidemark.services.clusters.list()).toEqual([]);
  expect(await readdir(join(homeDir, 'repository', 'wal')).catch(() => [])).toEqual([]);
  expect(await call(tidemark.api, 'sandbox.status', {})).toEqual({ state: 'absent', canCreate: true });
  const { stdout } = await execa('ps', ['-eo', 'args']);
  expect(stdout.split('\n').filter((line) => line.includes(homeDir))).toEqual([]);
}

const phase = (name: string) => (event: { state?: JobSnapshot }) => event.state?.state.status === 'running' && event.state.state.progress.phase === name;

describe('a sandbox create that is cancelled or interrupted', () => {
  it('cancelled while initdb runs leaves no folder, profile, managed cluster or archive folder', async () => {
    const tidemark = await freshTidemark();
    const final = await createAndCancel(tidemark, (event) => event.log?.source === 'stdout');
    expect(final.state.status).toBe('cancelled');
    await expectNothingLeft(tidemark, home!);
  });

  it('cancelled as the server starts leaves no server running and nothing on disk', async () => {
    const tidemark = await freshTidemark();
    const final = await createAndCancel(tidemark, phase('starting'));
    expect(final.state.status).toBe('cancelled');
    await expectNothingLeft(tidemark, home!);
  });

  it('cancelled while the sample database loads stops the server and removes it all', async () => {
    const tidemark = await freshTidemark();
    const final = await createAndCancel(tidemark, phase('sample database'));
    expect(final.state.status).toBe('cancelled');
    await expectNothingLeft(tidemark, home!);
  });

  it('refuses a second create while one runs, and clears what a crashed create left behind', async () => {
    const tidemark = await freshTidemark();
    // What a create killed mid-way leaves: the folder, its marker naming a process that is gone.
    const leftover = join(home!, 'clusters', 'sandbox');
    await mkdir(join(leftover, 'data'), { recursive: true });
    await writeFile(join(leftover, '.creating'), '2147483646');
    expect((await call(tidemark.api, 'sandbox.status', {})).state).toBe('absent');

    const { jobId } = await call(tidemark.api, 'sandbox.create', {});
    const second = await tidemark.api.invoke('sandbox.create', {});
    expect(second.ok ? null : second.error.code).toBe('conflict');
    const final = await tidemark.services.jobs.wait(jobId);
    expect(final.state.status).toBe('succeeded');
    const logs = await call(tidemark.api, 'jobs.logs', { jobId });
    expect(logs.some((line) => line.text.startsWith('Removed what an interrupted create left'))).toBe(true);
    expect((await call(tidemark.api, 'sandbox.status', {})).state).toBe('running');
  });

  it('forgets a sandbox whose folder was deleted by hand and creates it again', async () => {
    const tidemark = await freshTidemark();
    expect((await createSandboxAndWait(tidemark)).state.status).toBe('succeeded');
    await call(tidemark.api, 'sandbox.stop', {});
    await rm(join(home!, 'clusters', 'sandbox'), { recursive: true });

    const gone = await call(tidemark.api, 'sandbox.status', {});
    expect(gone).toMatchObject({ state: 'absent', canCreate: true });
    expect(gone.state === 'absent' && gone.reason).toMatch(/is gone/);
    expect((await createSandboxAndWait(tidemark)).state.status).toBe('succeeded');
    expect(tidemark.services.settings.get('profiles').map((p) => p.name)).toEqual(['Sandbox']);
    expect((await call(tidemark.api, 'sandbox.status', {})).state).toBe('running');
  });
});
