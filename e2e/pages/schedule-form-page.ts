import type { Locator, Page } from '@playwright/test';

/** The new / edit schedule form: what, when (with its preview of the next runs), policy, save. */
export class ScheduleFormPage {
  readonly form: Locator;
  readonly name: Locator;
  readonly physicalSection: Locator;
  /** The backup form's part: databases, format, options. */
  readonly backupForm: Locator;
  /** The "When" section: timing fields and the preview. */
  readonly timingSection: Locator;
  readonly cron: Locator;
  readonly cronError: Locator;
  readonly markedField: Locator;
  readonly zone: Locator;
  readonly preview: Locator;
  readonly upcomingRuns: Locator;
  readonly dstWarnings: Locator;
  readonly problem: Locator;
  readonly save: Locator;
  readonly savedProblem: Locator;
  readonly savedContinue: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId('schedule-form');
    this.name = page.getByTestId('schedule-name');
    this.backupForm = page.getByTestId('backup-form');
    this.physicalSection = page.getByTestId('schedule-physical');
    this.timingSection = page.getByTestId('schedule-timing');
    this.cron = page.getByTestId('timing-cron');
    this.cronError = page.getByTestId('timing-cron-error');
    this.markedField = page.getByTestId('timing-cron-marked').locator('mark');
    this.zone = page.getByTestId('timing-zone');
    this.preview = page.getByTestId('timing-preview');
    this.upcomingRuns = page.getByTestId('timing-upcoming-run');
    this.dstWarnings = page.getByTestId('timing-dst-warning');
    this.problem = page.getByTestId('schedule-form-problem');
    this.save = page.getByTestId('save-schedule');
    this.savedProblem = page.getByTestId('schedule-saved-problem');
    this.savedContinue = page.getByTestId('schedule-saved-continue');
  }

  async kind(kind: 'Logical' | 'Physical'): Promise<void> {
    await this.page
      .getByTestId('schedule-kind')
      .getByText(kind === 'Logical' ? /^Logical/ : /^Physical/)
      .click();
  }

  async timing(mode: 'Hourly' | 'Nightly' | 'Weekly' | 'Cron expression'): Promise<void> {
    await this.page.getByTestId('timing-mode').getByText(mode, { exact: true }).click();
  }

  /** Nightly and weekly: the time of day, "HH:MM". */
  async timeOfDay(at: string): Promise<void> {
    const [hours, minutes] = at.split(':') as [string, string];
    const picker = this.page.getByTestId('timing-at');
    await picker.getByRole('spinbutton', { name: 'Hours' }).fill(hours);
    await picker.getByRole('spinbutton', { name: 'Minutes' }).fill(minutes);
  }

  async timeZone(zone: string): Promise<void> {
    await this.zone.click();
    await this.zone.fill(zone);
    await this.page.getByRole('option', { name: zone, exact: true }).click();
  }
}
