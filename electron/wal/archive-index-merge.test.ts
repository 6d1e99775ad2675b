import { describe, expect, it } from 'vitest';
import { mergeListing } from './archive-index';

// A new process compares the folder's names with the saved list position by position; whatever
// the order and whatever came and went, each name gets its own saved size and mtime or none.
describe("joining the folder's names with the saved index", () => {
  const saved = { names: ['a', 'b', 'c', 'd', 'e', 'f'], sizes: [1, 2, 3, 4, 5, 6], mtimesMs: [10, 20, 30, 40, 50, 60] };
  const facts = (merged: ReturnType<typeof mergeListing>) =>
    merged.list.names.map((name, i) => (merged.known[i] ? `${name}:${merged.list.sizes[i]}:${merged.list.mtimesMs[i]}` : `${name}:new`));

  it('takes an unchanged folder as it is', () => {
    const merged = mergeListing(saved, [...saved.names]);
    expect(facts(merged)).toEqual(['a:1:10', 'b:2:20', 'c:3:30', 'd:4:40', 'e:5:50', 'f:6:60']);
    expect([merged.removed, merged.reordered]).toEqual([[], false]);
  });

  it('finds files added and removed in between', () => {
    const merged = mergeListing(saved, ['a', 'x', 'c', 'd', 'y', 'f']);
    expect(facts(merged)).toEqual(['a:1:10', 'x:new', 'c:3:30', 'd:4:40', 'y:new', 'f:6:60']);
    expect(merged.removed.sort()).toEqual(['b', 'e']);
  });

  it('gets a folder listed in another order right (through the map of what did not match)', () => {
    const merged = mergeListing(saved, ['f', 'e', 'd', 'z', 'c', 'b', 'a']);
    expect(facts(merged)).toEqual(['f:6:60', 'e:5:50', 'd:4:40', 'z:new', 'c:3:30', 'b:2:20', 'a:1:10']);
    expect([merged.removed, merged.reordered]).toEqual([[], true]);
  });

  it('copes with a run of removals longer than its look-ahead', () => {
    const many = {
      names: Array.from({ length: 40 }, (_, i) => `n${i}`),
      sizes: Array.from({ length: 40 }, (_, i) => i),
      mtimesMs: new Array<number>(40).fill(0),
    };
    const names = many.names.filter((_, i) => i < 5 || i >= 30);
    const merged = mergeListing(many, names);
    expect(merged.known.every(Boolean)).toBe(true);
    expect(merged.list.sizes).toEqual(names.map((name) => Number(name.slice(1))));
    expect(merged.removed).toHaveLength(25);
  });
});
