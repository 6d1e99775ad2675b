import { describe, expect, it } from 'vitest';
import { basebackupCapabilities } from '../../test-fixtures';
import { defaultDraft, draftProblem, requestOf, type PhysicalBackupDraft } from './physical-backup-form';

const capabilities = basebackupCapabilities;

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
