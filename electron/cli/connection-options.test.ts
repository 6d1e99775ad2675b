import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../test/harness/test-services';
import { ProfileStore } from '../profiles/profile-store';
import { addConnectionOptions, repoFromOptions, subjectFromOptions } from './connection-options';

describe('connection options of the CLI', () => {
  let ctx: TestServices;
  beforeEach(async () => {
    ctx = await createTestServices();
  });
  afterEach(async () => {
    await ctx.cleanup();
  });
  const save = (name: string) =>
    new ProfileStore(ctx.services.settings).save({ name, target: { kind: 'params', host: 'h', port: 5432, database: 'd', user: 'u', sslmode: 'prefer' } });

  it('adds --profile, --conn and --repo (or not --repo) to a command', () => {
    const parsed = addConnectionOptions(new Command()).parse(['--profile', 'p', '--conn', 'host=x', '--repo', '/r'], { from: 'user' }).opts();
    expect(parsed).toEqual({ profile: 'p', conn: 'host=x', repo: '/r' });
    expect(() =>
      addConnectionOptions(new Command().exitOverride().configureOutput({ writeErr: () => undefined }), { repo: false }).parse(['--repo', '/r'], {
        from: 'user',
      }),
    ).toThrow();
  });

  it('finds a profile by name, and uses the only profile when none is named', () => {
    const prod = save('prod');
    expect(subjectFromOptions(ctx.services, { profile: 'PROD' })).toEqual({ profile: prod });
    expect(subjectFromOptions(ctx.services, {})).toEqual({ profile: prod });
  });

  it('refuses to guess among several profiles or none, and refuses both options at once', () => {
    expect(() => subjectFromOptions(ctx.services, {})).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    save('a');
    save('b');
    expect(() => subjectFromOptions(ctx.services, {})).toThrow(expect.objectContaining({ hint: expect.stringContaining('a, b') }));
    expect(() => subjectFromOptions(ctx.services, { profile: 'a', conn: 'host=h' })).toThrow(/not both/);
    expect(() => subjectFromOptions(ctx.services, { profile: 'zzz' })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('--conn takes a URI or a conninfo string and moves a password out of the target', () => {
    expect(subjectFromOptions(ctx.services, { conn: 'postgresql://me:secret@db:5433/app?sslmode=require' })).toEqual({
      target: { kind: 'uri', uri: 'postgresql://me@db:5433/app?sslmode=require' },
      password: 'secret',
    });
    expect(subjectFromOptions(ctx.services, { conn: "host=db dbname='my app' user=me" })).toEqual({
      target: { kind: 'uri', uri: 'postgresql://me@db/my%20app' },
    });
  });

  it("--repo wins over the profile's repository, which wins over the app's", () => {
    expect(repoFromOptions(ctx.services, { repo: '/x' }, { repositoryDir: '/p' } as never)).toBe('/x');
    expect(repoFromOptions(ctx.services, {}, { repositoryDir: '/p' } as never)).toBe('/p');
    expect(repoFromOptions(ctx.services, {})).toBe(ctx.services.paths.repositoryDir);
  });
});
