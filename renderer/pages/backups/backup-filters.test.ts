import { describe, expect, it } from 'vitest';
import { backupSummary } from '../../test-fixtures';
import { applyFilters, filterChoices, noFilters } from './backup-filters';

const summary = backupSummary;

const history = [
  summary('a', {}),
  summary('b', { database: 'crm', status: 'failed' }),
  summary('c', { profile: { id: 'p2', name: 'dev' }, database: 'shop' }),
  summary('d', { kind: 'physical', database: null, format: null, profile: null }),
];

describe('backup filters', () => {
  it('keeps everything without filters', () => {
    expect(applyFilters(history, noFilters)).toHaveLength(4);
  });

  it('combines profile, database and status', () => {
    expect(applyFilters(history, { ...noFilters, database: 'shop' }).map((b) => b.id)).toEqual(['a', 'c']);
    expect(applyFilters(history, { profileId: 'p1', database: 'shop', status: null }).map((b) => b.id)).toEqual(['a']);
    expect(applyFilters(history, { ...noFilters, status: 'failed' }).map((b) => b.id)).toEqual(['b']);
  });

  it('offers only the profiles and databases the history holds', () => {
    expect(filterChoices(history)).toEqual({
      profiles: [
        { value: 'p2', label: 'dev' },
        { value: 'p1', label: 'prod' },
      ],
      databases: ['crm', 'shop'],
    });
  });
});
