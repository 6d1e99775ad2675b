import type { LogicalRestoreRequest } from '../../../shared/contract/restore';
import type { DumpContent, LogicalFormat } from '../../../shared/domain/backup';
import type { RestoreTarget } from '../../../shared/domain/restore';
import { tableOfKey } from '../../components/backups/contents-groups';

/** The restore wizard's choices, step by step; `restoreRequestOf` makes the contract's request. */
export interface RestoreDraft {
  backupId: string | null;
  /** The server to restore to (a profile); null: the backup's own profile. */
  profileId: string | null;
  selection: 'all' | 'chosen';
  /** tableKeyOf(schema, name) of the picked tables. */
  pickedTables: string[];
  targetKind: 'new' | 'existing';
  newDatabase: string;
  /** Set once the user types a name: the suggestion no longer replaces it. */
  newDatabaseEdited: boolean;
  existingDatabase: string | null;
  /** The existing database's name, typed again to allow overwriting it. */
  confirm: string;
  clean: boolean;
  jobs: number;
  noOwner: boolean;
  noPrivileges: boolean;
  content: DumpContent;
  singleTransaction: boolean;
  includeGlobals: boolean;
}

export function initialRestoreDraft(backupId: string | null): RestoreDraft {
  return {
    backupId,
    profileId: null,
    selection: 'all',
    pickedTables: [],
    targetKind: 'new',
    newDatabase: '',
    newDatabaseEdited: false,
    existingDatabase: null,
    confirm: '',
    clean: true,
    jobs: 1,
    noOwner: true,
    noPrivileges: true,
    content: 'all',
    singleTransaction: false,
    includeGlobals: false,
  };
}

const maxIdentifierBytes = 63;

function truncateToBytes(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  let result = '';
  for (const character of text) {
    if (encoder.encode(result + character).length > maxBytes) break;
    result += character;
  }
  return result;
}

/** "shop_restored", or "shop_restored_2", … : the first name no database on the server has. */
export function suggestNewDatabaseName(source: string, existing: readonly string[]): string {
  const taken = new Set(existing);
  for (let attempt = 1; ; attempt += 1) {
    const suffix = attempt === 1 ? '_restored' : `_restored_${attempt}`;
    const name = truncateToBytes(source, maxIdentifierBytes - suffix.length) + suffix;
    if (!taken.has(name)) return name;
  }
}

/** What the backup's format allows, so the options offered are only those that can run. */
export function formatAllows(format: LogicalFormat): { tables: boolean; parallel: boolean; content: boolean; clean: boolean } {
  return {
    tables: format !== 'plain',
    parallel: format === 'custom' || format === 'directory',
    content: format !== 'plain',
    clean: format !== 'plain',
  };
}

export function targetOf(draft: RestoreDraft): RestoreTarget | null {
  if (draft.targetKind === 'new') return draft.newDatabase.trim() ? { kind: 'new', database: draft.newDatabase.trim() } : null;
  return draft.existingDatabase ? { kind: 'existing', database: draft.existingDatabase, clean: draft.clean, confirm: draft.confirm } : null;
}

export type WizardStep = 'backup' | 'contents' | 'target' | 'options';

/** Why the wizard cannot leave `step` yet, or null. */
export function stepProblem(draft: RestoreDraft, step: WizardStep): string | null {
  switch (step) {
    case 'backup':
      return draft.backupId ? null : 'Choose a backup.';
    case 'contents':
      return draft.selection === 'chosen' && draft.pickedTables.length === 0 ? 'Tick at least one table, or restore everything.' : null;
    case 'target':
      if (draft.targetKind === 'new') return draft.newDatabase.trim() ? null : 'Name the new database.';
      if (!draft.existingDatabase) return 'Choose the database to restore over.';
      return draft.confirm === draft.existingDatabase ? null : `Type ${draft.existingDatabase} to confirm that it will be overwritten.`;
    case 'options':
      return null;
  }
}

export function restoreRequestOf(draft: RestoreDraft, format: LogicalFormat): LogicalRestoreRequest | null {
  const target = targetOf(draft);
  if (!draft.backupId || !target) return null;
  const allows = formatAllows(format);
  const jobs = allows.parallel && !draft.singleTransaction ? draft.jobs : 1;
  return {
    backupId: draft.backupId,
    ...(draft.profileId ? { connection: { profileId: draft.profileId } } : {}),
    target: target.kind === 'existing' ? { ...target, clean: allows.clean && target.clean } : target,
    options: {
      tables: allows.tables && draft.selection === 'chosen' ? draft.pickedTables.map(tableOfKey) : [],
      jobs,
      noOwner: draft.noOwner,
      noPrivileges: draft.noPrivileges,
      content: allows.content ? draft.content : 'all',
      singleTransaction: draft.singleTransaction,
      includeGlobals: draft.includeGlobals,
    },
  };
}
