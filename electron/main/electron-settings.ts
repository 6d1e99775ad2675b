import ElectronStore from 'electron-store';
import { defaultSettings, settingsFileName, type AppSettings, type SettingsStore } from '../settings/settings-store';

/**
 * The app's settings through electron-store: conf underneath, `<home>/settings.json`, the same
 * file and format the CLI and browser mode open with conf (openFileSettings), so every host sees
 * the same profiles.
 */
export function openElectronSettings(home: string): SettingsStore {
  return new ElectronStore<AppSettings>({ cwd: home, name: settingsFileName, defaults: defaultSettings });
}
