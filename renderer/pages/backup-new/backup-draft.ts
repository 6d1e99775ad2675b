import type { LogicalBackupRequest } from '../../../shared/contract/backups';
import type { DumpContent, LogicalDumpOptions, LogicalFormat } from '../../../shared/domain/backup';
import type { ProfileView } from '../../../shared/domain/profile';

/** The backup form as the user fills it in; `requestOf` turns it into the contract's request. */
export interface BackupDraft {
  profileId: string | null;
  scope: 'chosen' | 'all';
  databases: string[];
  format: LogicalFormat;
  /** Kept while another format is chosen, sent only with the directory format. */
  jobs: number;
  /** null: pg_dump's own default. Not sent with tar, which pg_dump cannot compress. */
  compressionLevel: number | null;
  noOwner: boolean;
  noPrivileges: boolean;
  content: DumpContent;
  schemas: string[];
  excludeSchemas: string[];
  tables: string[];
  excludeTables: string[];
  includeGlobals: boolean;
  testRestoreAfter: boolean;
}

/** A new draft for `profile` (if any), starting with the database the profile connects to. */
export function initialDraft(profile: ProfileView | null): BackupDraft {
  const database = profile ? profileDatabase(profile) : null;
  return {
    profileId: profile?.id ?? null,
    scope: 'chosen',
    databases: database ? [database] : [],
    format: 'custom',
    jobs: 2,
    compressionLevel: null,
    // The seeds' defaults: a dump that restores onto any server, whoever owns what there.
    noOwner: true,
    noPrivileges: true,
    content: 'all',
    schemas: [],
    excludeSchemas: [],
    tables: [],
    excludeTables: [],
    includeGlobals: true,
    testRestoreAfter: false,
  };
}

/** The draft of saved choices (a schedule's), the inverse of requestOf. */
export function draftOf(saved: { profileId: string | null; databases: 'all' | string[]; options: LogicalDumpOptions; testRestoreAfter: boolean }): BackupDraft {
  const { options } = saved;
  return {
    ...initialDraft(null),
    profileId: saved.profileId,
    scope: saved.databases === 'all' ? 'all' : 'chosen',
    databases: saved.databases === 'all' ? [] : saved.databases,
    format: options.format,
    // A directory dump's jobs are kept; other formats run one (the draft keeps its default for a switch to directory).
    jobs: options.format === 'directory' ? options.jobs : initialDraft(null).jobs,
    compressionLevel: options.compressionLevel,
    noOwner: options.noOwner,
    noPrivileges: options.noPrivileges,
    content: options.content,
    schemas: options.schemas,
    excludeSchemas: options.excludeSchemas,
    tables: options.tables,
    excludeTables: options.excludeTables,
    includeGlobals: options.includeGlobals,
    testRestoreAfter: saved.testRestoreAfter,
  };
}

/** The database a profile connects to, the natural first choice for its backup. */
export function profileDatabase(profile: ProfileView): string | null {
  switch (profile.target.kind) {
    case 'params':
      return profile.target.database;
    case 'service':
      return profile.target.database ?? null;
    case 'uri': {
      const path = profile.target.uri.replace(/^postgres(ql)?:\/\/[^/]*\/?/, '').split('?')[0] ?? '';
      return path ? decodeURIComponent(path) : null;
    }
  }
}

/** Why the draft cannot run yet, or null when it can. */
export function draftProblem(draft: BackupDraft): string | null {
  if (!draft.profileId) return 'Choose the server to back up.';
  if (draft.scope === 'chosen' && draft.databases.length === 0) return 'Choose at least one database, or all of them.';
  return null;
}

export function requestOf(draft: BackupDraft): LogicalBackupRequest | null {
  if (draftProblem(draft) || !draft.profileId) return null;
  return {
    connection: { profileId: draft.profileId },
    databases: draft.scope === 'all' ? 'all' : draft.databases,
    options: {
      format: draft.format,
      jobs: draft.format === 'directory' ? draft.jobs : 1,
      compressionLevel: draft.format === 'tar' ? null : draft.compressionLevel,
      noOwner: draft.noOwner,
      noPrivileges: draft.noPrivileges,
      content: draft.content,
      schemas: draft.schemas,
      excludeSchemas: draft.excludeSchemas,
      tables: draft.tables,
      excludeTables: draft.excludeTables,
      includeGlobals: draft.includeGlobals,
    },
    testRestoreAfter: draft.testRestoreAfter,
  };
}
