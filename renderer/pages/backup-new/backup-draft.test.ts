import { describe, expect, it } from 'vitest';
import { logicalBackupRequestSchema } from '../../../shared/contract/backups';
import type { ProfileView } from '../../../shared/domain/profile';
import { shopProfile } from '../../test-fixtures';
import { draftOf, draftProblem, initialDraft, profileDatabase, requestOf } from './backup-draft';

describe('the backup draft', () => {
  it("starts with the seeds' defaults: custom format, no owners, no privileges, globals saved", () => {
    const draft = initialDraft(shopProfile);
    expect(draft).toMatchObject({
      profileId: 'p1',
      databases: ['shop'],
      format: 'custom',
      noOwner: true,
      noPrivileges: true,
      includeGlobals: true,
      content: 'all',
    });
  });

  it('says what is missing before it can run', () => {
    expect(draftProblem(initialDraft(null))).toMatch(/server/);
    const noDatabase = { ...initialDraft(shopProfile), databases: [] };
    expect(draftProblem(noDatabase)).toMatch(/database/);
    expect(draftProblem({ ...noDatabase, scope: 'all' })).toBeNull();
    expect(requestOf(noDatabase)).toBeNull();
  });

  it('sends parallel jobs only with the directory format and no compression with tar, so the contract accepts it', () => {
    const base = { ...initialDraft(shopProfile), jobs: 4, compressionLevel: 5 };
    for (const format of ['custom', 'directory', 'tar', 'plain'] as const) {
      const request = requestOf({ ...base, format });
      expect(logicalBackupRequestSchema.safeParse(request).success).toBe(true);
    }
    expect(requestOf({ ...base, format: 'directory' })?.options).toMatchObject({ jobs: 4, compressionLevel: 5 });
    expect(requestOf({ ...base, format: 'custom' })?.options).toMatchObject({ jobs: 1 });
    expect(requestOf({ ...base, format: 'tar' })?.options).toMatchObject({ compressionLevel: null });
  });

  it("finds the profile's own database in each kind of target", () => {
    const profile = (target: ProfileView['target']) => ({ id: 'p', name: 'p', target, passwordSaved: false, summary: '' }) as ProfileView;
    expect(profileDatabase(profile({ kind: 'params', host: 'h', port: 5432, database: 'shop', user: 'u', sslmode: 'prefer' }))).toBe('shop');
    expect(profileDatabase(profile({ kind: 'uri', uri: 'postgresql://u@h:5432/my%20db?sslmode=require' }))).toBe('my db');
    expect(profileDatabase(profile({ kind: 'uri', uri: 'postgres://h' }))).toBeNull();
    expect(profileDatabase(profile({ kind: 'service', service: 'prod' }))).toBeNull();
  });

  it('reads saved choices back into the form (a schedule being edited), the inverse of requestOf', () => {
    const edited = {
      ...initialDraft(shopProfile),
      format: 'directory' as const,
      jobs: 4,
      compressionLevel: 3,
      tables: ['public.orders'],
      testRestoreAfter: true,
    };
    const request = logicalBackupRequestSchema.parse(requestOf(edited));
    expect(draftOf({ profileId: 'p1', databases: request.databases, options: request.options, testRestoreAfter: request.testRestoreAfter })).toEqual(edited);
    const all = logicalBackupRequestSchema.parse(requestOf({ ...initialDraft(shopProfile), scope: 'all' }));
    expect(draftOf({ profileId: 'p1', ...all })).toMatchObject({ scope: 'all', databases: [], format: 'custom', jobs: 2 });
  });
});
