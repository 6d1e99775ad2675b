import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from './sql-identifier';

describe('utf8ByteLength', () => {
  it('counts bytes as TextEncoder does', () => {
    for (const text of ['', 'orders', 'café', 'ÅÄÖ', '名前', '😀 smile', 'a\uD800b', 'x'.repeat(63)]) {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
