import { describe, expect, it } from 'vitest';
import { logicalRestoreRequestSchema } from '../../../shared/contract/restore';
import { tableKeyOf } from '../../components/backups/contents-groups';
import { initialRestoreDraft, restoreRequestOf, stepProblem, suggestNewDatabaseName } from './restore-draft';

const backupId = '20260213T020000Z-a1b2c3';

describe('the restore draft', () => {
  it('restores into a NEW database by default, everything, without owners or privileges', () => {
    const draft = initialRestoreDraft(backupId);
    expect(draft).toMatchObject({ targetKind: 'new', selection: 'all', noOwner: true, noPrivileges: true, singleTransaction: false });
  });

  it('suggests a new name no database has, within 63 bytes', () => {
    expect(suggestNewDatabaseName('shop', ['shop'])).toBe('shop_restored');
    expect(suggestNewDatabaseName('shop', ['shop_restored', 'shop_restored_2'])).toBe('shop_restored_3');
    const long = suggestNewDatabaseName('é'.repeat(40), []);
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(63);
    expect(long.endsWith('_restored')).toBe(true);
  });

  it('blocks an existing target until its name is typed exactly', () => {
    const draft = { ...initialRestoreDraft(backupId), targetKind: 'existing' as const, existingDatabase: 'Shop' };
    expect(stepProblem(draft, 'target')).toMatch(/Type Shop/);
    expect(stepProblem({ ...draft, confirm: 'shop' }, 'target')).toMatch(/Type Shop/);
    expect(stepProblem({ ...draft, confirm: 'Shop' }, 'target')).toBeNull();
  });

  it('needs a table ticked when restoring only some', () => {
    const draft = { ...initialRestoreDraft(backupId), selection: 'chosen' as const };
    expect(stepProblem(draft, 'contents')).not.toBeNull();
    expect(stepProblem({ ...draft, pickedTables: [tableKeyOf('public', 'orders')] }, 'contents')).toBeNull();
  });

  it('makes a request the contract accepts, dropping what the format or single transaction cannot do', () => {
    const draft = {
      ...initialRestoreDraft(backupId),
      newDatabase: 'shop_restored',
      selection: 'chosen' as const,
      pickedTables: [tableKeyOf('Sales Dept', 'Order.Lines')],
      jobs: 4,
      content: 'data-only' as const,
    };
    const custom = restoreRequestOf(draft, 'custom');
    expect(logicalRestoreRequestSchema.safeParse(custom).success).toBe(true);
    expect(custom?.options).toMatchObject({ jobs: 4, content: 'data-only', tables: [{ schema: 'Sales Dept', name: 'Order.Lines' }] });

    const plain = restoreRequestOf(draft, 'plain');
    expect(plain?.options).toMatchObject({ jobs: 1, content: 'all', tables: [] });
    expect(restoreRequestOf(draft, 'tar')?.options).toMatchObject({ jobs: 1 });
    const single = restoreRequestOf({ ...draft, singleTransaction: true }, 'custom');
    expect(logicalRestoreRequestSchema.safeParse(single).success).toBe(true);
    expect(single?.options).toMatchObject({ jobs: 1, singleTransaction: true });
  });

  it('names the existing target with its confirmation, and without --clean for plain SQL', () => {
    const draft = { ...initialRestoreDraft(backupId), targetKind: 'existing' as const, existingDatabase: 'shop', confirm: 'shop' };
    expect(restoreRequestOf(draft, 'custom')?.target).toEqual({ kind: 'existing', database: 'shop', clean: true, confirm: 'shop' });
    expect(restoreRequestOf(draft, 'plain')?.target).toMatchObject({ clean: false });
  });
});
