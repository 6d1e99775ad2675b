import type { PgToolName, ToolInventory } from '../../shared/domain/tools';
import type { SettingsStore } from '../settings/settings-store';
import { discoverTools, pickTool, type VersionRule } from './discovery';

/** The tool inventory, scanned once and again when the override changes or on request. */
export class ToolService {
  private cached: Promise<ToolInventory> | null = null;

  constructor(private readonly settings: SettingsStore) {}

  inventory(refresh = false): Promise<ToolInventory> {
    if (refresh || !this.cached) {
      this.cached = discoverTools({ overrideDir: this.settings.get('toolOverrideDir') });
      // A failed scan must not be cached forever.
      this.cached.catch(() => (this.cached = null));
    }
    return this.cached;
  }

  async setOverride(binDir: string | null): Promise<ToolInventory> {
    this.settings.set('toolOverrideDir', binDir);
    return this.inventory(true);
  }

  /** The path of `tool` fit for a server of `serverMajor` (see pickTool), or a clear error. */
  async pick(tool: PgToolName, serverMajor: number | null, rule: VersionRule = 'at-least-server'): Promise<string> {
    return pickTool(await this.inventory(), tool, serverMajor, rule).path;
  }
}
