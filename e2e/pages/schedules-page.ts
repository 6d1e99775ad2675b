import type { Locator, Page } from '@playwright/test';

/** The Schedules page: who runs them, one card per schedule with its actions, and a schedule's history drawer. */
export class SchedulesPage {
  readonly navLink: Locator;
  readonly heading: Locator;
  readonly empty: Locator;
  readonly newSchedule: Locator;
  readonly runnerOwner: Locator;
  readonly cards: Locator;
  readonly history: Locator;
  readonly historyRuns: Locator;

  constructor(readonly page: Page) {
    this.navLink = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Schedules' });
    this.heading = page.getByRole('heading', { name: 'Schedules', level: 1 });
    this.empty = page.getByTestId('schedules-empty');
    this.newSchedule = page.getByTestId('new-schedule').first();
    this.runnerOwner = page.getByTestId('runner-owner');
    this.cards = page.getByTestId('schedule-card');
    this.history = page.getByRole('dialog', { name: /^History of / });
    this.historyRuns = this.history.getByTestId('schedule-run');
  }

  async open(): Promise<void> {
    await this.navLink.click();
    await this.heading.waitFor();
  }

  /** Waits until the history drawer has slid in (for a screenshot of it in place). */
  async historyInPlace(): Promise<void> {
    await this.history.waitFor();
    let previous: number | undefined;
    for (let tries = 0; tries < 50; tries += 1) {
      const box = await this.history.boundingBox();
      if (box && box.x === previous) return;
      previous = box?.x;
      await this.page.waitForTimeout(50);
    }
  }

  card(name: string): ScheduleCard {
    return new ScheduleCard(this.page.locator(`[data-testid="schedule-card"][data-name="${name}"]`));
  }

  /** The confirmation of "Remove". */
  get confirmRemove(): Locator {
    return this.page.getByTestId('confirm-remove-schedule');
  }
}

/** One schedule on the Schedules page. */
export class ScheduleCard {
  readonly when: Locator;
  readonly next: Locator;
  readonly last: Locator;
  readonly lastStatus: Locator;
  readonly paused: Locator;
  readonly problem: Locator;
  readonly runNow: Locator;
  readonly pause: Locator;
  readonly resume: Locator;
  readonly historyButton: Locator;
  readonly edit: Locator;
  readonly remove: Locator;

  constructor(readonly root: Locator) {
    this.when = root.getByTestId('schedule-when');
    this.next = root.getByTestId('schedule-next');
    this.last = root.getByTestId('schedule-last');
    this.lastStatus = root.getByTestId('schedule-last-status');
    this.paused = root.getByTestId('schedule-paused');
    this.problem = root.getByTestId('schedule-problem');
    this.runNow = root.getByTestId('schedule-run-now');
    this.pause = root.getByTestId('schedule-pause');
    this.resume = root.getByTestId('schedule-resume');
    this.historyButton = root.getByTestId('schedule-history');
    this.edit = root.getByTestId('schedule-edit');
    this.remove = root.getByTestId('schedule-remove');
  }
}
