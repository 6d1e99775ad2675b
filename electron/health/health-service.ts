import type { RequestParsed } from '../../shared/contract';
import { TidemarkError } from '../../shared/domain/errors';
import type { HealthHistory, HealthPanels, HealthProfileSettings, HealthSnapshot, HealthWatchLease, SessionActionResult } from '../../shared/domain/health';

function notYet(): never {
  throw new TidemarkError('internal', 'Health dashboards are being built.');
}

/** The health.* requests (issue 12). Skeleton: the contract is settled first so the dashboard can be built against it. */
export class HealthService {
  async watch(_profileId: string, _watcherId: string, _intervalSeconds?: number): Promise<HealthWatchLease> {
    return notYet();
  }
  async unwatch(_profileId: string, _watcherId: string): Promise<{ profileId: string; watchers: number }> {
    return notYet();
  }
  async snapshot(_profileId: string, _options: { fresh: boolean; includeStorage: boolean }): Promise<HealthSnapshot> {
    return notYet();
  }
  async history(_profileId: string, _range: 'live' | 'day'): Promise<HealthHistory> {
    return notYet();
  }
  async refreshStorage(_profileId: string): Promise<HealthPanels['storage']> {
    return notYet();
  }
  async settings(_profileId: string): Promise<HealthProfileSettings> {
    return notYet();
  }
  async updateSettings(_input: RequestParsed<'health.thresholds.set'>): Promise<HealthProfileSettings> {
    return notYet();
  }
  async signalSession(_action: 'cancel' | 'terminate', _input: RequestParsed<'health.cancelQuery'>): Promise<SessionActionResult> {
    return notYet();
  }
}
