import { describe, expect, it } from 'vitest';
import { formatConnectionUri, formatConninfo, parseConnectionString, parseConnectionUri, parseConninfo } from './conninfo';
import { parseServiceFile } from './service-file';

describe('conninfo strings', () => {
  it('parses quoted and unquoted values with libpq escapes', () => {
    expect(parseConninfo(`host=db1  port = 5433 dbname='my \\'big\\' db' user=a\\ b password='x\\\\y'`)).toEqual({
      host: 'db1',
      port: '5433',
      dbname: "my 'big' db",
      user: 'a b',
      password: 'x\\y',
    });
  });

  it('round-trips through formatConninfo, quoting every value', () => {
    const keywords = { host: '/var/run/postgresql', dbname: "it's", user: 'back\\slash', application_name: '' };
    const text = formatConninfo(keywords);
    expect(text).toBe(`host='/var/run/postgresql' dbname='it\\'s' user='back\\\\slash' application_name=''`);
    expect(parseConninfo(text)).toEqual(keywords);
  });

  it('rejects a keyword without a value and an unclosed quote, as invalid_input', () => {
    expect(() => parseConninfo('host')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => parseConninfo("dbname='open")).toThrow(/no closing quote/);
  });
});

describe('connection URIs', () => {
  it('reads user, password, host, port, database and parameters, decoding percent-escapes', () => {
    expect(parseConnectionUri('postgresql://me:p%40ss%3Aw@db.example.com:6432/sales%20db?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem')).toEqual({
      user: 'me',
      password: 'p@ss:w',
      host: 'db.example.com',
      port: '6432',
      dbname: 'sales db',
      sslmode: 'verify-full',
      sslrootcert: '/etc/ca.pem',
    });
  });

  it('reads IPv6 hosts, socket folders and URIs without a host', () => {
    expect(parseConnectionUri('postgres://[::1]:5433/x')).toEqual({ host: '::1', port: '5433', dbname: 'x' });
    expect(parseConnectionUri('postgresql://%2Fvar%2Frun%2Fpostgresql/app')).toEqual({ host: '/var/run/postgresql', dbname: 'app' });
    expect(parseConnectionUri('postgresql:///app?host=/tmp')).toEqual({ dbname: 'app', host: '/tmp' });
    expect(parseConnectionUri('postgresql://')).toEqual({});
  });

  it('refuses several hosts, and never quotes a broken password back', () => {
    expect(() => parseConnectionUri('postgresql://a:1,b:2/db')).toThrow(/several hosts/);
    let message = '';
    try {
      parseConnectionUri('postgresql://me:sec%ZZret@h/db');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/percent-encoding/);
    expect(message).not.toContain('sec');
  });

  it('formats keywords back into a URI that parses to the same keywords', () => {
    const keywords = { user: 'a@b', host: '::1', port: '5432', dbname: 'd/b', sslmode: 'require', options: '-c search_path=x' };
    const uri = formatConnectionUri(keywords);
    expect(uri).toBe('postgresql://a%40b@[::1]:5432/d%2Fb?sslmode=require&options=-c%20search_path%3Dx');
    expect(parseConnectionUri(uri)).toEqual(keywords);
  });

  it('parseConnectionString tells the two forms apart', () => {
    expect(parseConnectionString('postgresql://u@h/d')).toEqual({ user: 'u', host: 'h', dbname: 'd' });
    expect(parseConnectionString('host=h dbname=d')).toEqual({ host: 'h', dbname: 'd' });
  });
});

describe('pg_service.conf', () => {
  it('reads sections, ignores comments and blank lines, keeps = inside values', () => {
    const services = parseServiceFile('# comment\n\n[prod]\nhost = db1\noptions=-c statement_timeout=5s\n[ dev ]\ndbname=dev\n');
    expect(services.get('prod')).toEqual({ host: 'db1', options: '-c statement_timeout=5s' });
    expect(services.get('dev')).toEqual({ dbname: 'dev' });
  });
});
