import { describe, expect, it } from 'vitest';
import type { BasebackupCapabilities } from '../../../shared/domain/physical';
import { defaultDraft, draftProblem, requestOf, type PhysicalBackupDraft } from './physical-backup-form';

function capabilities(overrides: Partial<Record<string, boolean>> = {}): BasebackupCapabilities {
  const option = (method: 'gzip' | 'lz4' | 'zstd', location: 'client' | 'server') => {
    const available = overrides[`${location}-${method}`] ?? true;
    return { method, location, available, reason: available ? null : `The ${location}'s PostgreSQL was built without ${method}.`, workers: method === 'zstd' };
  };
  return {
    toolPath: '/usr/lib/postgresql/15/bin/pg_basebackup',
    toolVersion: '15.18',
    serverMajor: 15,
    compressions: (['gzip', 'lz4', 'zstd'] as const).flatMap((method) => [option(method, 'server'), option(method, 'client')]),
    verifiable: { plain: { direct: true, note: '' }, tar: { direct: false, note: '' } },
    allowed: true,
    problems: [],
  };
}

const draft = (change: Partial<PhysicalBackupDraft>, caps = capabilities()): PhysicalBackupDraft => ({ ...defaultDraft(caps), ...change });

describe('the physical backup form', () => {
  it('starts with server-side zstd where the server has it, and without compression where it does not', () => {
    expect(defaultDraft(capabilities())).toMatchObject({ format: 'tar', method: 'zstd', location: 'server', checkpoint: 'fast', verify: true });
    expect(defaultDraft(capabilities({ 'server-zstd': false })).method).toBe('none');
  });

  it("writes the compression in pg_basebackup's own syntax, with level and workers", () => {
    expect(requestOf(draft({ method: 'zstd', location: 'server', level: 3, workers: 2 }), 'p1')).toMatchObject({
      server: { profileId: 'p1' },
      compression: 'server-zstd:level=3,workers=2',
    });
    expect(requestOf(draft({ method: 'none' }), 'p1').compression).toBe('none');
    // Workers are zstd's alone: a leftover value is not sent with gzip.
    expect(requestOf(draft({ method: 'gzip', location: 'client', workers: 4 }), 'p1').compression).toBe('client-gzip');
  });

  it('sends a label and a rate limit only when given', () => {
    expect(requestOf(draft({ label: '  ' }), 'p1')).not.toHaveProperty('label');
    expect(requestOf(draft({ label: ' nightly ', limitRate: true, maxRateKbps: 4096 }), 'p1')).toMatchObject({ label: 'nightly', maxRateKbps: 4096 });
    expect(requestOf(draft({ limitRate: false, maxRateKbps: 4096 }), 'p1')).not.toHaveProperty('maxRateKbps');
  });

  it('says why a choice cannot run: client compression of a plain backup, a method the server lacks, a level out of range', () => {
    expect(draftProblem(draft({ format: 'plain', method: 'gzip', location: 'client' }), capabilities())).toMatch(
      /plain-format backup cannot be compressed on the client/,
    );
    expect(draftProblem(draft({ method: 'lz4', location: 'server' }), capabilities({ 'server-lz4': false }))).toMatch(/built without lz4/);
    expect(draftProblem(draft({ method: 'gzip', location: 'server', level: 12 }), capabilities())).toMatch(/gzip levels run from 1 to 9/);
    expect(draftProblem(draft({ format: 'plain', method: 'zstd', location: 'server' }), capabilities())).toBeNull();
  });
});
