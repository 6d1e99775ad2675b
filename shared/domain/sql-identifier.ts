// PostgreSQL's reserved key words (https://www.postgresql.org/docs/current/sql-keywords-appendix.html)
// that are plausible as names, plus "public", which means every role in a GRANT.
const needsQuotes = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog ' +
    'current_date current_role current_time current_timestamp current_user default deferrable desc distinct do else end except ' +
    'false fetch for foreign from grant group having in initially intersect into lateral leading limit localtime localtimestamp ' +
    'not null offset on only or order placing primary references returning select session_user some symmetric system_user table ' +
    'then to trailing true union unique user using variadic when where window with public'
  ).split(' '),
);

/**
 * PostgreSQL's quoting of identifiers (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS):
 * in double quotes, a double quote doubled; keeps case, spaces, dots and any script. For SQL
 * Tidemark runs, and for pg_dump's -t / -n patterns, where quoting makes * ? and dots literal.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A name as people read it in a hint to copy (GRANT ... TO alice): bare when that is unambiguous,
 * else quoted (as quote_ident does). Distinct from quoteIdentifier because those hints show
 * `alice`, not `"alice"`.
 */
export function quoteIdentifierIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !needsQuotes.has(name) ? name : quoteIdentifier(name);
}

/** schema.name, each part quoted. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/**
 * A string's length in UTF-8 bytes, the unit of PostgreSQL's name limits (NAMEDATALEN - 1 = 63 bytes), counted as
 * TextEncoder counts (a lone surrogate becomes U+FFFD, 3 bytes). shared/ sees neither the DOM's nor Node's TextEncoder.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * A string literal for SQL, as libpq's PQescapeLiteral and node-postgres's escapeLiteral write it:
 * quotes doubled, and with backslashes doubled behind an E prefix so that the literal means the
 * same whatever standard_conforming_strings says.
 */
export function quoteLiteral(text: string): string {
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return text.includes('\\') ? `E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}
