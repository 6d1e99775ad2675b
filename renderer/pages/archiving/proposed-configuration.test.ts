import { describe, expect, it } from 'vitest';
import type { ArchiveSetupPlan, SettingChange } from '../../../shared/domain/archiving';
import { alterSystemScript } from './proposed-configuration';

const change = (name: string, to: string, takesEffectOn: SettingChange['takesEffectOn'] = 'reload'): SettingChange => ({
  name,
  from: '',
  to,
  takesEffectOn,
  why: '',
});
const planWith = (changes: SettingChange[]) => ({ changes }) as ArchiveSetupPlan;

describe('alterSystemScript', () => {
  it('loads basic_archive before setting its directory, quotes each value, then reloads', () => {
    expect(
      alterSystemScript(
        planWith([
          change('archive_mode', 'on', 'restart'),
          change('archive_library', 'basic_archive'),
          change('basic_archive.archive_directory', "/srv/it's/wal"),
        ]),
      ),
    ).toBe(
      [
        "LOAD 'basic_archive';",
        "ALTER SYSTEM SET archive_mode = 'on';",
        "ALTER SYSTEM SET archive_library = 'basic_archive';",
        "ALTER SYSTEM SET basic_archive.archive_directory = '/srv/it''s/wal';",
        'SELECT pg_reload_conf();',
      ].join('\n'),
    );
  });

  it('is empty when nothing changes', () => {
    expect(alterSystemScript(planWith([]))).toBe('');
  });
});
