import { describe, expect, it } from 'vitest';
import { tokenMatches } from './access-token';

describe('tokenMatches', () => {
  it('accepts only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    for (const presented of ['abd', 'ab', 'abcd', '', null, undefined]) expect(tokenMatches('abc', presented)).toBe(false);
  });
});
