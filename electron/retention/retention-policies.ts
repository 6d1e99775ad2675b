import { z } from 'zod';
import { TidemarkError } from '../../shared/domain/errors';
import { retentionPolicyProblem } from '../../shared/domain/retention';
import { storedRetentionPolicySchema, type StoredRetentionPolicy } from '../../shared/domain/retention-policy';
import type { RepositoryLayout } from '../repository/layout';
import { RepositoryRecordFile } from './repository-record-file';

const policiesFileSchema = z.object({ version: z.literal(1), policies: z.array(storedRetentionPolicySchema) });

/**
 * Each profile's retention policy lives in the repository (<repo>/retention-policies.json), beside
 * the pins and the schedules that use it, so the app, the CLI and a daemon apply the same rules.
 */
function policiesFile(layout: RepositoryLayout) {
  return new RepositoryRecordFile(
    layout.retentionPoliciesFile,
    policiesFileSchema,
    () => ({ version: 1 as const, policies: [] }),
    'Retention stops rather than guess the rules.',
    'Restore the file from a copy of the repository, or remove it (every profile then has no policy, and nothing is deleted by one).',
  );
}

export async function readRetentionPolicy(layout: RepositoryLayout, profileId: string): Promise<StoredRetentionPolicy | null> {
  return (await policiesFile(layout).read()).policies.find((stored) => stored.profileId === profileId) ?? null;
}

/** Stores a profile's policy (replacing its earlier one); one that keeps nothing is refused, as the engine refuses it. */
export function writeRetentionPolicy(layout: RepositoryLayout, stored: StoredRetentionPolicy): Promise<StoredRetentionPolicy> {
  const problem = retentionPolicyProblem(stored.policy);
  if (problem) {
    return Promise.reject(
      new TidemarkError('invalid_input', problem, { hint: 'For example --keep-last 7 --keep-weekly 4 --keep-monthly 12; to store no policy, clear it.' }),
    );
  }
  return policiesFile(layout).change(({ policies }) => ({
    content: { version: 1 as const, policies: [...policies.filter((p) => p.profileId !== stored.profileId), stored] },
    result: stored,
  }));
}

export function clearRetentionPolicy(layout: RepositoryLayout, profileId: string): Promise<{ profileId: string; wasSet: boolean }> {
  return policiesFile(layout).change(({ policies }) => ({
    content: { version: 1 as const, policies: policies.filter((p) => p.profileId !== profileId) },
    result: { profileId, wasSet: policies.some((p) => p.profileId === profileId) },
  }));
}
