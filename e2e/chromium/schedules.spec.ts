import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { ScheduleRun } from '../../shared/domain/schedule';
import type { BridgeClient } from '../bridge-client';
import { expect, saveScreenshot, test } from '../fixtures';
import { BackupsPage } from '../pages/backups-page';
import { OverviewPage } from '../pages/overview-page';
import { ScheduleFormPage } from '../pages/schedule-form-page';
import { SchedulesPage } from '../pages/schedules-page';
import { createSandboxThroughBridge } from '../sandbox-setup';

/** A connection to a port nothing listens on (a schedule saves, but its test connection fails), and the new schedule form. */
async function newScheduleOfOfflineShop(app: Page, bridge: BridgeClient) {
  const profile = await bridge.call('profiles.save', {
    name: 'offline shop',
    target: { kind: 'params', host: '127.0.0.1', port: 1, database: 'shop', user: 'tidemark', sslmode: 'disable' },
  });
  await app.reload();
  const schedules = new SchedulesPage(app);
  await schedules.open();
  await schedules.newSchedule.click();
  return { profile, schedules, form: new ScheduleFormPage(app) };
}

test('a schedule of the sandbox from the UI: its next five runs, saved, run now, and the real backup in its history', async ({
  app,
  bridge,
  navigation,
}, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  await app.reload();

  const schedules = new SchedulesPage(app);
  await schedules.open();
  await expect(schedules.empty).toContainText('No schedules yet');
  await expect(schedules.empty).toContainText('caught up');
  await saveScreenshot(app, testInfo, 'schedules-empty');

  await schedules.newSchedule.click();
  const form = new ScheduleFormPage(app);
  await expect(form.form).toBeVisible();
  // The only connection, with its own database, as the backup form starts.
  await expect(form.backupForm.getByText(`${sandbox.sampleDatabase} (`)).toBeVisible();
  await form.name.fill('nightly sample');

  // A cron field the server refuses: said at the field, with the bad field marked.
  await form.timing('Cron expression');
  await form.cron.fill('0 25 * * *');
  await expect(form.cronError).toContainText('column 3 (the hour field)');
  await expect(form.markedField).toHaveText('25');
  await expect(form.upcomingRuns).toHaveCount(0);
  await saveScreenshot(app, testInfo, 'schedule-form-cron-error', form.timingSection);

  // Nightly at 02:30 in Berlin: the next five runs as a clock there reads them, and the March change that skips 02:30.
  await form.timing('Nightly');
  await form.timeOfDay('02:30');
  await form.timeZone('Europe/Berlin');
  await expect(form.upcomingRuns).toHaveCount(5);
  for (const run of await form.upcomingRuns.all()) await expect(run).toContainText(/\d{4}-\d\d-\d\d (02:30|03:00) \(\+0[12]:00\)/);
  await expect(form.preview).toContainText('Every day at 02:30');
  await expect(form.preview).toContainText('30 2 * * *');
  await expect(form.dstWarnings.first()).toContainText('02:30 does not exist (clocks go forward)');
  await saveScreenshot(app, testInfo, 'schedule-form-preview', form.timingSection);

  // Physical: pg_basebackup's choices as this server and tool allow them (the physical form's fields), then back.
  await form.kind('Physical');
  await expect(form.physicalSection.getByTestId('compression-method')).toBeVisible();
  await expect(form.physicalSection.getByTestId('backup-label')).toHaveCount(0);
  await saveScreenshot(app, testInfo, 'schedule-form-physical', form.physicalSection);
  await form.kind('Logical');
  await expect(form.backupForm).toBeVisible();

  await form.save.click();
  await expect(schedules.heading).toBeVisible();
  const card = schedules.card('nightly sample');
  await expect(card.root).toBeVisible();
  await expect(card.when).toContainText('Every day at 02:30');
  await expect(card.when).toContainText('Europe/Berlin');
  await expect(card.next).toContainText(/\d{4}-\d\d-\d\d (02:30|03:00) \(\+0[12]:00\)/);
  await expect(card.last).toContainText('Not run yet');

  // Run now: browser mode's own process runs it (it takes the runner's lease), and the card follows the real backup.
  await card.runNow.click();
  await expect(schedules.runnerOwner).toHaveAttribute('data-this-process', 'true', { timeout: 30_000 });
  await expect(schedules.runnerOwner).toContainText('Tidemark in browser mode');
  await expect(card.lastStatus).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
  await expect(card.last).toContainText('run now');
  await saveScreenshot(app, testInfo, 'schedules-list');

  await card.historyButton.click();
  await expect(schedules.historyRuns).toHaveCount(1);
  const run = schedules.historyRuns.first();
  await expect(run).toHaveAttribute('data-status', 'succeeded');
  await expect(run.getByTestId('schedule-run-text')).toContainText('(run now)');
  await expect(run.getByTestId('schedule-run-text')).toContainText(/\d+(\.\d)? (B|kB|MB) in /);
  await schedules.historyInPlace();
  await saveScreenshot(app, testInfo, 'schedule-history');

  // The run links to the backup it made, in the backup history.
  await run.getByTestId('schedule-run-backup').click();
  const backups = new BackupsPage(app);
  await expect(backups.details).toBeVisible();
  await expect(backups.detailsBody).toContainText(sandbox.sampleDatabase);
  await app.keyboard.press('Escape');

  // The Overview: the connection's last successful backup, just now, and its next scheduled run.
  await navigation.open('Overview');
  const health = new OverviewPage(app).connection('Sandbox');
  await expect(health.lastBackup).toContainText('just now');
  await expect(health.root).toHaveAttribute('data-alarm', 'false');
  await expect(health.nextRun).toContainText('nightly sample');
  await saveScreenshot(app, testInfo, 'overview-schedules');
});

test('saving a schedule says when it would fail; its history says why slots were missed; pause and remove', async ({ app, bridge, navigation }, testInfo) => {
  const { schedules, form } = await newScheduleOfOfflineShop(app, bridge);
  await form.name.fill('hourly shop');
  await form.timing('Hourly');
  await form.minute.fill('15');
  await expect(form.upcomingRuns).toHaveCount(5);
  await expect(form.preview).toContainText('Every hour at minute 15');
  await form.save.click();
  await expect(form.savedProblem).toContainText('A test connection for offline shop failed');
  await saveScreenshot(app, testInfo, 'schedule-saved-problem', form.savedProblem);
  await form.savedContinue.click();

  const card = schedules.card('hourly shop');
  await card.pause.click();
  await expect(card.paused).toBeVisible();
  await expect(card.next).toContainText('None while paused');

  // What the runner records while the app is closed or the laptop sleeps, written where it keeps it (the
  // schedule is paused, so no runner touches its state meanwhile): the history says it in words.
  const overview = await bridge.call('schedules.list', {});
  const schedule = overview.schedules.find((view) => view.schedule.name === 'hourly shop')!.schedule;
  const base = { scheduleId: schedule.id, ownerId: 'a-runner', jobId: 'job' };
  const runs: ScheduleRun[] = [
    {
      ...base,
      id: 'm1',
      status: 'missed',
      reason: 'app-not-running',
      slot: '2026-02-10T08:15:00.000Z',
      lastSlot: '2026-02-10T08:15:00.000Z',
      slotCount: 1,
      recordedAt: '2026-02-10T09:00:00.000Z',
    },
    {
      ...base,
      id: 'f1',
      status: 'failed',
      trigger: 'slot',
      attempt: 1,
      slot: '2026-02-10T09:15:00.000Z',
      startedAt: '2026-02-10T09:15:01.000Z',
      finishedAt: '2026-02-10T09:15:02.000Z',
      error: { code: 'connection_refused', message: 'Connection refused on 127.0.0.1:1.' },
      interrupted: false,
      retryAt: '2026-02-10T09:20:02.000Z',
    },
    {
      ...base,
      id: 'm2',
      status: 'missed',
      reason: 'asleep',
      slot: '2026-02-10T10:15:00.000Z',
      lastSlot: '2026-02-10T12:15:00.000Z',
      slotCount: 3,
      recordedAt: '2026-02-10T12:40:00.000Z',
    },
    {
      ...base,
      id: 'f2',
      status: 'failed',
      trigger: 'catch-up',
      attempt: 1,
      slot: '2026-02-10T12:15:00.000Z',
      startedAt: '2026-02-10T12:40:01.000Z',
      finishedAt: '2026-02-10T12:55:00.000Z',
      error: { code: 'interrupted', message: 'Its runner stopped while it ran (the app, the daemon or the machine went down); it did not finish.' },
      interrupted: true,
    },
  ];
  await mkdir(join(overview.repositoryDir, 'schedules'), { recursive: true });
  await writeFile(
    join(overview.repositoryDir, 'schedules', `${schedule.id}.state.json`),
    JSON.stringify({ scheduleId: schedule.id, handledUntil: '2026-02-10T12:15:00.000Z', queued: null, retry: null, runs }),
  );

  await card.historyButton.click();
  await expect(schedules.historyRuns).toHaveCount(4);
  const [interrupted, asleep, failed, notRunning] = await schedules.historyRuns.all();
  await expect(interrupted!).toHaveAttribute('data-interrupted', 'true');
  await expect(interrupted!).toContainText('Failed (interrupted)');
  await expect(interrupted!.getByTestId('schedule-run-trigger')).toHaveText('catching up missed slots');
  await expect(asleep!).toContainText('Missed 3 slots');
  await expect(asleep!).toContainText('3 slots from 2026-02-10 10:15 (+00:00) to 2026-02-10 12:15 (+00:00) did not run: the computer was asleep.');
  await expect(failed!).toContainText('Connection refused on 127.0.0.1:1. Retry at 2026-02-10 09:20 (+00:00).');
  await expect(notRunning!).toContainText('Tidemark was not running');
  await schedules.historyInPlace();
  await saveScreenshot(app, testInfo, 'schedule-history-missed');
  await app.keyboard.press('Escape');
  await expect(card.lastStatus).toHaveText('Failed (interrupted)');

  // The Overview lists the failed last run among the connection's problems.
  await navigation.open('Overview');
  const health = new OverviewPage(app).connection('offline shop');
  await expect(health.problems).toHaveAttribute('data-kind', 'failed');
  await expect(health.problems).toContainText('hourly shop: its last run failed (interrupted)');
  await expect(health.nextRun).toContainText('its schedules are paused');
  await saveScreenshot(app, testInfo, 'overview-problems');
  await schedules.open();

  await card.resume.click();
  await expect(card.pause).toBeVisible();

  // Edit: the form as saved (hourly at minute 15), saved again with another minute.
  await card.edit.click();
  await expect(form.name).toHaveValue('hourly shop');
  await expect(form.name).toBeDisabled();
  await expect(form.minute).toHaveValue('15');
  await form.minute.fill('45');
  await expect(form.preview).toContainText('Every hour at minute 45');
  await form.save.click();
  await expect(form.savedProblem).toBeVisible();
  await form.savedContinue.click();
  await expect(card.when).toContainText('Every hour at minute 45');
  await card.remove.click();
  await schedules.confirmRemove.click();
  await expect(schedules.empty).toBeVisible();
});

test("a schedule's retention after each run: the profile's policy (and what it keeps), or rules of its own, saved and shown again", async ({
  app,
  bridge,
}, testInfo) => {
  const { profile, schedules, form } = await newScheduleOfOfflineShop(app, bridge);
  await form.name.fill('nightly shop');

  // A new schedule uses the profile's policy; without one the form says nothing would be deleted.
  await expect(form.profilePolicy).toHaveAttribute('data-set', 'false');
  await expect(form.profilePolicy).toContainText('This profile has no retention policy yet: nothing is deleted after a run');
  await bridge.call('retention.setPolicy', { profileId: profile.id, policy: { keepDaily: 7, keepWeekly: 4 } });
  await form.retention('None');
  await form.retention("The profile's policy");
  await expect(form.profilePolicy).toContainText("The profile's policy keeps 7 daily, 4 weekly");

  // Rules of its own, checked as they are typed: rules that keep nothing cannot be saved.
  await form.retention('Rules of its own');
  await expect(form.retentionRules.summary).toHaveText('This policy keeps 7 daily, 4 weekly, 12 monthly.');
  await form.retentionRules.setRules({ 'keep-last': '0' });
  await expect(form.retentionRules.problem).toContainText('A retention policy that keeps nothing is refused');
  await expect(form.problem).toContainText('Retention after each run: A retention policy that keeps nothing is refused');
  await expect(form.save).toBeDisabled();
  await form.retentionRules.setRules({ 'keep-last': '5', 'keep-within': '7d', 'keep-monthly': '6' });
  await expect(form.retentionRules.summary).toHaveText('This policy keeps the last 5, all from the last 7d, and 6 monthly.');
  await saveScreenshot(app, testInfo, 'schedule-retention', form.retentionSection);
  await form.save.click();
  await expect(form.savedProblem).toBeVisible();
  const saved = (await bridge.call('schedules.get', { name: 'nightly shop' })).schedule;
  expect(saved).toMatchObject({ applyRetention: true, retention: { keepLast: 5, keepWithin: '7d', keepMonthly: 6 } });

  // Opened again, the form shows its own rules; switched to the profile's policy, its own rules are gone.
  await form.savedContinue.click();
  await schedules.card('nightly shop').edit.click();
  await expect(form.retentionRules.rule('keep-last')).toHaveValue('5');
  await expect(form.retentionRules.rule('keep-within')).toHaveValue('7d');
  await form.retention("The profile's policy");
  await form.save.click();
  await expect(form.savedProblem).toBeVisible();
  const edited = (await bridge.call('schedules.get', { name: 'nightly shop' })).schedule;
  expect(edited.applyRetention).toBe(true);
  expect(edited.retention).toBeUndefined();
});
