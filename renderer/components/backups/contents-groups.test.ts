import { describe, expect, it } from 'vitest';
import type { BackupContents } from '../../../shared/domain/backup';
import { groupContents, tableKeyOf, tableOfKey } from './contents-groups';

const contents: BackupContents = {
  backupId: '20260213T020000Z-a1b2c3',
  format: 'custom',
  schemas: [
    {
      name: 'public',
      objects: [
        { dumpId: 1, type: 'TABLE', name: 'orders', owner: 'app' },
        { dumpId: 2, type: 'TABLE DATA', name: 'orders', owner: 'app' },
        { dumpId: 3, type: 'TABLE', name: 'empty one', owner: 'app' },
        { dumpId: 4, type: 'INDEX', name: 'orders_placed_idx', owner: 'app' },
        { dumpId: 5, type: 'VIEW', name: 'recent_orders', owner: 'app' },
      ],
    },
    { name: 'Ünïcode schema', objects: [{ dumpId: 6, type: 'TABLE DATA', name: 'Mixed.Case', owner: null }] },
  ],
  global: [],
  tableCount: 2,
  totalEntries: 6,
};

describe('groupContents', () => {
  it('puts tables first, knowing which hold data, and groups the rest by type', () => {
    const [publicSchema, other] = groupContents(contents);
    expect(publicSchema!.tables).toEqual([
      { name: 'empty one', hasData: false },
      { name: 'orders', hasData: true },
    ]);
    expect(publicSchema!.others.map((group) => group.type)).toEqual(['INDEX', 'VIEW']);
    expect(publicSchema!.otherCount).toBe(2);
    // A data-only dump has TABLE DATA without TABLE: still a table.
    expect(other!.tables).toEqual([{ name: 'Mixed.Case', hasData: true }]);
  });

  it('filters by name, case-insensitively, dropping schemas left empty', () => {
    const found = groupContents(contents, 'ORDER');
    expect(found).toHaveLength(1);
    expect(found[0]!.tables.map((t) => t.name)).toEqual(['orders']);
    expect(found[0]!.others.flatMap((g) => g.objects.map((o) => o.name))).toEqual(['orders_placed_idx', 'recent_orders']);
  });

  it('keys a table by schema and name, whatever characters they hold', () => {
    const key = tableKeyOf('Ünïcode schema', 'Mixed.Case');
    expect(tableOfKey(key)).toEqual({ schema: 'Ünïcode schema', name: 'Mixed.Case' });
    expect(key).not.toBe(tableKeyOf('Ünïcode schema.Mixed', 'Case'));
  });
});
