import { describe, expect, it } from 'vitest';
import { recoveryRequestSchema } from '../../../shared/domain/pitr';
import { emptyTargetDraft } from '../../components/recovery/target-draft';
import { recoveryRequestFor, type RecoveryDraft } from './recovery-draft';

const draft: RecoveryDraft = {
  cluster: { kind: 'profile', profileId: 'p1' },
  target: { ...emptyTargetDraft('Europe/Paris'), wallTime: '2026-11-21 14:31:00' },
  backupId: null,
  destination: { kind: 'new-directory', dataDir: '', port: 54_321 },
  pauseForInspection: false,
};

describe('the wizard draft as a recovery request', () => {
  it('asks for a new directory on the suggested port, with the time in UTC, which the contract accepts', () => {
    const request = recoveryRequestFor(draft);
    expect(request).toEqual({
      source: { kind: 'server', server: { profileId: 'p1' } },
      target: { kind: 'time', at: '2026-11-21T13:31:00Z' },
      inclusive: true,
      destination: { kind: 'new-directory', port: 54_321 },
      pauseForInspection: false,
    });
    expect(recoveryRequestSchema.safeParse(request).success).toBe(true);
  });

  it('names the repository cluster and a chosen backup when the server is gone', () => {
    const request = recoveryRequestFor({
      ...draft,
      cluster: { kind: 'repository', systemIdentifier: '7300000000000000001' },
      backupId: 'b1',
      target: { ...draft.target, kind: 'latest' },
    });
    expect(request).toMatchObject({ source: { kind: 'repository', systemIdentifier: '7300000000000000001' }, backupId: 'b1', target: { kind: 'latest' } });
    expect(recoveryRequestSchema.safeParse(request).success).toBe(true);
  });

  it('is not ready without a cluster, a complete target, or an in-place name typed', () => {
    expect(recoveryRequestFor({ ...draft, cluster: null })).toBeNull();
    expect(recoveryRequestFor({ ...draft, target: emptyTargetDraft('UTC') })).toBeNull();
    expect(recoveryRequestFor({ ...draft, destination: { kind: 'in-place', clusterId: 'sandbox', confirmName: ' ' } })).toBeNull();
    expect(recoveryRequestFor({ ...draft, destination: { kind: 'in-place', clusterId: 'sandbox', confirmName: 'Sandbox' } })).toMatchObject({
      destination: { kind: 'in-place', clusterId: 'sandbox', confirmName: 'Sandbox' },
    });
  });
});
