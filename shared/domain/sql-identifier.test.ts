import { describe, expect, it } from 'vitest';
import { qualifiedName, quoteIdentifier, quoteIdentifierIfNeeded, utf8ByteLength, quoteLiteral } from './sql-identifier';

describe('SQL identifiers', () => {
  it('always quotes for SQL Tidemark runs, doubling double quotes', () => {
    expect(quoteIdentifier('orders')).toBe('"orders"');
    expect(quoteIdentifier('Sales "Dept"')).toBe('"Sales ""Dept"""');
    expect(qualifiedName('Ünïcode schema', 'Mixed.Case')).toBe('"Ünïcode schema"."Mixed.Case"');
  });

  it('quotes only where needed in hints people copy', () => {
    expect(quoteIdentifierIfNeeded('alice')).toBe('alice');
    expect(quoteIdentifierIfNeeded('public')).toBe('"public"');
    expect(quoteIdentifierIfNeeded('Alice')).toBe('"Alice"');
    expect(quoteIdentifierIfNeeded('a"b')).toBe('"a""b"');
  });
});

describe('utf8ByteLength', () => {
  it('counts bytes as TextEncoder does', () => {
    for (const text of ['', 'orders', 'café', 'ÅÄÖ', '名前', '😀 smile', 'a\uD800b', 'x'.repeat(63)]) {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});

describe('quoteLiteral', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ['C:\\dir', "E'C:\\\\dir'"],
    ["a\\'b", "E'a\\\\''b'"],
    ['', "''"],
  ])('%s → %s (as libpq and node-postgres write it)', (text, literal) => {
    expect(quoteLiteral(text)).toBe(literal);
  });
});
