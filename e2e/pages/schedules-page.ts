import type { Locator } from '@playwright/test';
import { byTestId, pageObject } from './page-object';

/** The Schedules page: who runs them, one card per schedule with its actions, and a schedule's history drawer. */
export class SchedulesPage extends pageObject((page) => {
  const history = page.getByRole('dialog', { name: /^History of / });
  return {
    navLink: page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Schedules' }),
    heading: page.getByRole('heading', { name: 'Schedules', level: 1 }),
    newSchedule: page.getByTestId('new-schedule').first(),
    history,
    historyRuns: history.getByTestId('schedule-run'),
    ...byTestId(page, { empty: 'schedules-empty', runnerOwner: 'runner-owner', cards: 'schedule-card', confirmRemove: 'confirm-remove-schedule' }),
  };
}) {
  async open(): Promise<void> {
    await this.navLink.click();
    await this.heading.waitFor();
  }

  card(name: string): ScheduleCard {
    return scheduleCard(this.page.locator(`[data-testid="schedule-card"][data-name="${name}"]`));
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
}

/** One schedule on the Schedules page. */
function scheduleCard(root: Locator) {
  return {
    root,
    ...byTestId(root, {
      when: 'schedule-when',
      next: 'schedule-next',
      last: 'schedule-last',
      lastStatus: 'schedule-last-status',
      paused: 'schedule-paused',
      problem: 'schedule-problem',
      runNow: 'schedule-run-now',
      pause: 'schedule-pause',
      resume: 'schedule-resume',
      historyButton: 'schedule-history',
      edit: 'schedule-edit',
      remove: 'schedule-remove',
    }),
  };
}
export type ScheduleCard = ReturnType<typeof scheduleCard>;
