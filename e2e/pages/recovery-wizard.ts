import type { Locator } from '@playwright/test';
import { openRoute } from './app-route';
import { jobPanel } from './job-panel';
import { byTestId, pageObject } from './page-object';

/** The point-in-time recovery wizard (#/recovery): its steps, the target picker, the run and the result. */
export class RecoveryWizard extends pageObject((page) => ({
  ...byTestId(page, {
    steps: 'recovery-steps',
    next: 'recovery-next',
    start: 'start-recovery',
    targetTime: 'target-time',
    timeZone: 'target-time-zone',
    utcEquivalent: 'target-time-utc',
    verdict: 'target-time-verdict',
    planReady: 'plan-ready',
    review: 'plan-review',
    settings: 'plan-settings',
    progress: 'recovery-progress',
    result: 'recovery-result',
    endState: 'end-state',
    resultPort: 'result-port',
    lastCommit: 'result-last-commit',
  }),
  job: jobPanel(page),
})) {
  /** Opens the wizard for a saved connection (#/recovery/ID): it starts at the Target step. */
  async openFor(profileId: string): Promise<void> {
    await openRoute(this.page, `/recovery/${encodeURIComponent(profileId)}`);
    await this.step(1).waitFor();
  }

  /** From the Target step with a time picked, on through the automatic backup choice to the Destination step. */
  async acceptTargetAndBackup(): Promise<void> {
    await this.planReady.waitFor();
    await this.next.click();
    await this.step(2).waitFor();
    await this.next.click();
    await this.step(3).waitFor();
  }

  step(index: number): Locator {
    return this.page.getByTestId(`recovery-step-${index}`);
  }

  async chooseProfile(label: RegExp): Promise<void> {
    await this.page.getByTestId('cluster-profile').click();
    await this.page.getByRole('option', { name: label }).click();
  }

  async chooseTimeZone(zone: string): Promise<void> {
    await this.timeZone.click();
    await this.timeZone.fill(zone);
    await this.page.getByRole('option', { name: zone, exact: true }).click();
  }

  /** An instant (…Z) as the picker's wall time in UTC, the sandbox's zone. */
  static utcWallTime(utcIso: string): string {
    return utcIso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
  }

  /** Picks a wall time ("YYYY-MM-DD HH:mm:ss") in the date-time picker: the day in the calendar, then hours, minutes and seconds. */
  async pickTime(wallTime: string): Promise<void> {
    const [date, time] = wallTime.split(' ') as [string, string];
    const [hours, minutes, seconds] = time.split(':') as [string, string, string];
    await this.targetTime.click();
    const day = new Date(`${date}T00:00:00Z`);
    const label = `${day.getUTCDate()} ${day.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${day.getUTCFullYear()}`;
    const dropdown = this.page.locator('.mantine-Popover-dropdown');
    await dropdown.getByRole('button', { name: label, exact: true }).click();
    await dropdown.getByRole('spinbutton', { name: 'Hours' }).fill(hours);
    await dropdown.getByRole('spinbutton', { name: 'Minutes' }).fill(minutes);
    await dropdown.getByRole('spinbutton', { name: 'Seconds' }).fill(seconds);
    await dropdown.getByRole('button', { name: 'Use this time' }).click();
  }
}
