import { describe, expect, it } from 'vitest';
import { psqlCommandFor, shellQuote } from './psql-command';

describe('psqlCommandFor', () => {
  it('quotes only what the shell would misread', () => {
    expect(shellQuote('/tmp/a b/pgpass')).toBe("'/tmp/a b/pgpass'");
    expect(shellQuote("it's")).toBe(`"it's"`);
    expect(shellQuote("it's $HOME")).toBe(`'it'"'"'s $HOME'`);
    expect(shellQuote("--dbname=host='h' port='5432'")).toBe(`"--dbname=host='h' port='5432'"`);
    expect(shellQuote('db.example.com')).toBe('db.example.com');
  });

  it('writes the command for each kind of target', () => {
    expect(psqlCommandFor({ kind: 'params', host: 'h', port: 5433, database: 'my db', user: 'u', sslmode: 'require' })).toBe(
      "PGSSLMODE=require psql -h h -p 5433 -U u -d 'my db'",
    );
    expect(psqlCommandFor({ kind: 'uri', uri: 'postgresql://u@h/db?sslmode=require' })).toBe("psql 'postgresql://u@h/db?sslmode=require'");
    expect(psqlCommandFor({ kind: 'service', service: 'prod', database: 'app' })).toBe("psql 'service=prod dbname=app'");
  });
});
