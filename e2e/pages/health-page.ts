import type { Locator } from '@playwright/test';
import type { HealthPanelId } from '../../shared/domain/health';
import { byTestId, pageObject } from './page-object';

/** A profile's health dashboard: its panels, the live figures and charts, the session actions and the banners. */
export class HealthPage extends pageObject((page) =>
  byTestId(page, {
    dashboard: 'health-dashboard',
    state: 'health-state',
    pollState: 'poll-state',
    clientConnections: 'client-connections',
    tps: 'tps',
    transactionsChart: 'chart-transactions',
    tuplesChart: 'chart-tuples',
    longestQueries: 'longest-queries',
    blockingTree: 'blocking-tree',
    blockingNodes: 'blocking-node',
    confirmSessionAction: 'confirm-session-action',
    sessionActionResult: 'session-action-result',
    serverDown: 'server-down',
    serverDownRetry: 'server-down-retry',
    refreshStorage: 'refresh-storage',
    storageRefreshedAt: 'storage-refreshed-at',
    bloatAccuracy: 'bloat-accuracy',
    openThresholds: 'open-thresholds',
    thresholdsDrawer: 'thresholds-drawer',
    saveThresholds: 'save-thresholds',
  }),
) {
  panel(id: HealthPanelId): Locator {
    return this.page.getByTestId(`panel-${id}`);
  }

  /** The row of the longest-queries table for a backend. */
  queryRow(pid: number): Locator {
    return this.longestQueries.locator(`[data-testid="session-row"][data-pid="${pid}"]`);
  }

  /** The root of the blocking tree with that pid. */
  blockingRoot(pid: number): Locator {
    return this.page.locator(`[data-testid="blocking-node"][data-depth="0"][data-pid="${pid}"]`);
  }

  thresholdInput(check: string, level: 'amber' | 'red'): Locator {
    return this.page.getByTestId(`threshold-${check}-${level}`);
  }

  /** What the browser reports for a hidden tab or a minimised window (headless Chromium never hides a page by itself). */
  async setDocumentVisibility(state: 'hidden' | 'visible'): Promise<void> {
    await this.page.evaluate((next) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => next });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  }
}
