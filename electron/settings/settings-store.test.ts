import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSettings } from './settings-store';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tidemark-settings-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('FileSettings', () => {
  it('answers the defaults where the file is absent, and writes electron-store’s format (tab-indented JSON, mode 0600)', async () => {
    const settings = new FileSettings(home);
    expect(settings.get('profiles')).toEqual([]);
    settings.set('repositoryDir', '/backups');
    const text = await readFile(join(home, 'settings.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({ profiles: [], toolOverrideDir: null, repositoryDir: '/backups', managedClusters: [] });
    expect(text).toContain('\n\t"repositoryDir"');
    expect((await stat(join(home, 'settings.json'))).mode & 0o777).toBe(0o600);
  });

  it('reads a file the app (electron-store) wrote, and sees another process’s edit', async () => {
    await writeFile(join(home, 'settings.json'), JSON.stringify({ repositoryDir: '/a', toolOverrideDir: '/opt/pg/bin' }, undefined, '\t'));
    const reader = new FileSettings(home);
    expect(reader.get('toolOverrideDir')).toBe('/opt/pg/bin');
    new FileSettings(home).set('repositoryDir', '/somewhere/else');
    expect(reader.get('repositoryDir')).toBe('/somewhere/else');
    expect(reader.get('toolOverrideDir')).toBe('/opt/pg/bin');
  });

  it('says which file is broken instead of starting with lost settings', async () => {
    await writeFile(join(home, 'settings.json'), '{ "profiles": [');
    expect(() => new FileSettings(home).get('profiles')).toThrow(/settings\.json is not valid JSON/);
  });
});
