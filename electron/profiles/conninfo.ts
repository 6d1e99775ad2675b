import { TidemarkError } from '../../shared/domain/errors';

/**
 * libpq connection strings in both of their forms
 * (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING), as a map of
 * libpq keywords (host, port, dbname, user, password, sslmode, …).
 */
export type ConninfoKeywords = Record<string, string>;

export function isConnectionUri(text: string): boolean {
  return /^postgres(ql)?:\/\//.test(text.trim());
}

/** Parses `host=db1 port=5432 dbname='my db'`: values quoted in single quotes, `\'` and `\\` escaped. */
export function parseConninfo(text: string): ConninfoKeywords {
  const keywords: ConninfoKeywords = {};
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  while (true) {
    skipSpace();
    if (i >= text.length) break;
    const keyStart = i;
    while (i < text.length && text[i] !== '=' && !/\s/.test(text[i]!)) i++;
    const key = text.slice(keyStart, i);
    skipSpace();
    if (text[i] !== '=') throw invalidConninfo(`"${key}" has no value (expected ${key}=value)`);
    i++;
    skipSpace();
    let value = '';
    if (text[i] === "'") {
      i++;
      let closed = false;
      while (i < text.length) {
        const ch = text[i++]!;
        if (ch === '\\' && i < text.length) value += text[i++];
        else if (ch === "'") {
          closed = true;
          break;
        } else value += ch;
      }
      if (!closed) throw invalidConninfo(`the value of "${key}" has no closing quote`);
    } else {
      while (i < text.length && !/\s/.test(text[i]!)) {
        const ch = text[i++]!;
        if (ch === '\\' && i < text.length) value += text[i++];
        else value += ch;
      }
    }
    if (!key) throw invalidConninfo('a value has no keyword');
    keywords[key] = value;
  }
  return keywords;
}

/** Quotes every value, so spaces, quotes and backslashes survive (libpq's rules). */
export function formatConninfo(keywords: ConninfoKeywords): string {
  return Object.entries(keywords)
    .map(([key, value]) => `${key}='${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)
    .join(' ');
}

/**
 * Parses `postgresql://user:password@host:port/dbname?key=value`. Percent-encoding is decoded;
 * query parameters are libpq keywords and win over the same field in the URI's body.
 */
export function parseConnectionUri(uri: string): ConninfoKeywords {
  const match = /^postgres(?:ql)?:\/\/([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?$/.exec(uri.trim());
  if (!match) throw invalidUri('it should look like postgresql://user@host:5432/dbname');
  const [, authority = '', path, query] = match;
  const keywords: ConninfoKeywords = {};
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : '';
  const hostspec = at >= 0 ? authority.slice(at + 1) : authority;
  if (userinfo) {
    const colon = userinfo.indexOf(':');
    const user = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo);
    if (user) keywords.user = user;
    if (colon >= 0) keywords.password = decode(userinfo.slice(colon + 1));
  }
  if (hostspec.includes(',')) {
    throw invalidUri('it names several hosts; Tidemark connects to one server per profile, so give each its own profile');
  }
  if (hostspec) {
    const hostMatch = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostspec);
    if (!hostMatch) throw invalidUri(`"${hostspec}" is not a host[:port]`);
    const host = decode(hostMatch[1]!.replace(/^\[(.*)\]$/, '$1'));
    if (host) keywords.host = host;
    if (hostMatch[2]) keywords.port = hostMatch[2];
  }
  if (path) keywords.dbname = decode(path);
  for (const pair of (query ?? '').split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq < 0) throw invalidUri(`the parameter "${pair}" has no value`);
    keywords[decode(pair.slice(0, eq))] = decode(pair.slice(eq + 1));
  }
  return keywords;
}

/** The URI form of keywords: user, host, port and dbname in the body, the rest as parameters. */
export function formatConnectionUri(keywords: ConninfoKeywords): string {
  const { user, password, host, port, dbname, ...rest } = keywords;
  const userinfo = user !== undefined ? `${encode(user)}${password !== undefined ? ':' + encode(password) : ''}@` : '';
  const hostPart = host === undefined ? '' : host.includes(':') ? `[${host}]` : encode(host);
  const portPart = port !== undefined ? `:${port}` : '';
  const path = dbname !== undefined ? `/${encode(dbname)}` : '';
  const params = Object.entries(rest).map(([key, value]) => `${encode(key)}=${encode(value)}`);
  return `postgresql://${userinfo}${hostPart}${portPart}${path}${params.length ? '?' + params.join('&') : ''}`;
}

/** A `--conn` value in either form, as keywords. */
export function parseConnectionString(text: string): ConninfoKeywords {
  return isConnectionUri(text) ? parseConnectionUri(text) : parseConninfo(text);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not quoted back: the broken part may be the password.
    throw invalidUri('a part of it has a broken percent-encoding (% must be followed by two hex digits)');
  }
}

function encode(text: string): string {
  return encodeURIComponent(text);
}

function invalidUri(reason: string): TidemarkError {
  return new TidemarkError('invalid_input', `That connection URI cannot be read: ${reason}.`, {
    hint: 'Use postgresql://user@host:port/dbname?sslmode=require (percent-encode special characters).',
  });
}

function invalidConninfo(reason: string): TidemarkError {
  return new TidemarkError('invalid_input', `That connection string cannot be read: ${reason}.`, {
    hint: "Use keyword=value pairs separated by spaces, e.g. host=db1 port=5432 dbname=app user=me, quoting values with spaces in 'single quotes'.",
  });
}
