import { byTestId, pageObject } from './page-object';

/** The Overview: per connection, its last successful backup, its next scheduled run and what needs attention. */
export class OverviewPage extends pageObject((page) => ({ heading: page.getByRole('heading', { name: 'Overview', level: 1 }) })) {
  connection(name: string) {
    const root = this.page.locator(`[data-testid="profile-health"][data-name="${name}"]`);
    return { root, ...byTestId(root, { lastBackup: 'health-last-backup', nextRun: 'health-next-run', problems: 'health-problem' }) };
  }
}
