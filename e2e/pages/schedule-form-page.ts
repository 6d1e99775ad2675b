import { byTestId, pageObject } from './page-object';
import { RetentionRulesEditor } from './retention-rules-editor';

/** The new / edit schedule form: what, when (with its preview of the next runs), policy, save. */
export class ScheduleFormPage extends pageObject((page) => ({
  markedField: page.getByTestId('timing-cron-marked').locator('mark'),
  ...byTestId(page, {
    form: 'schedule-form',
    name: 'schedule-name',
    /** The backup form's part: databases, format, options. */
    backupForm: 'backup-form',
    physicalSection: 'schedule-physical',
    /** The "When" section: timing fields and the preview. */
    timingSection: 'schedule-timing',
    minute: 'timing-minute',
    cron: 'timing-cron',
    cronError: 'timing-cron-error',
    zone: 'timing-zone',
    preview: 'timing-preview',
    upcomingRuns: 'timing-upcoming-run',
    dstWarnings: 'timing-dst-warning',
    problem: 'schedule-form-problem',
    save: 'save-schedule',
    savedProblem: 'schedule-saved-problem',
    savedContinue: 'schedule-saved-continue',
    /** "Retention after each run": the choice, and what the profile's policy keeps. */
    retentionSection: 'schedule-retention',
    retentionChoice: 'retention-choice',
    profilePolicy: 'retention-profile-policy',
  }),
  /** The schedule's own rules, when "Rules of its own" is chosen. */
  retentionRules: new RetentionRulesEditor(page.getByTestId('schedule-retention')),
})) {
  async retention(choice: "The profile's policy" | 'Rules of its own' | 'None'): Promise<void> {
    await this.retentionChoice.getByText(choice, { exact: true }).click();
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
