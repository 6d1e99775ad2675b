import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, saveScreenshot, test } from '../fixtures';
import { BackupFormPage } from '../pages/backup-form-page';
import { BackupsPage } from '../pages/backups-page';
import { createSandboxThroughBridge, sandboxSql } from '../sandbox-setup';

test('with no backups, the Backups page says what a backup is and how to take one', async ({ app }, testInfo) => {
  const backups = new BackupsPage(app);
  await backups.open();
  await expect(backups.empty).toContainText('No backups yet');
  await expect(backups.empty).toContainText('pg_dump');
  await expect(backups.newBackupButton).toBeVisible();
  await expect(backups.importButton).toBeVisible();
  await saveScreenshot(app, testInfo, 'backups-empty');

  // Import: a typed path (browser mode has no file dialog), and a missing file is a clear error.
  await backups.importButton.click();
  const dialog = app.getByRole('dialog', { name: 'Import a dump made elsewhere' });
  await expect(dialog).toContainText('Browser mode has no file dialog');
  await dialog.getByRole('textbox', { name: 'Path of the dump' }).fill('/nonexistent/shop.dump');
  await dialog.getByTestId('import-submit').click();
  await expect(dialog.getByTestId('error-alert')).toContainText('does not exist');
  await saveScreenshot(app, testInfo, 'backups-import-error');
});

test('a backup of tidemark_sample from the UI: its exact command, live progress, then in the history, verified', async ({
  app,
  bridge,
  profilePage,
}, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  // Enough rows that the dump takes a few seconds, so its progress can be watched.
  await sandboxSql(
    sandbox,
    "create table public.events as select g as event_id, md5(g::text) as payload, now() - g * interval '1 second' as at from generate_series(1, 1500000) as g",
  );

  // From the sandbox's profile page, as a user would start.
  await profilePage.open(sandbox.profileId!);
  await app.getByTestId('back-up-profile').click();
  const form = new BackupFormPage(app);
  await expect(form.heading).toBeVisible();
  // The profile and its own database are chosen; custom format, no owner, no privileges by default.
  await expect(form.form).toContainText(sandbox.sampleDatabase);
  const command = form.commandPreview;
  await expect(command).toContainText('pg_dump', { timeout: 15_000 });
  await expect(command).toContainText('--format=c ');
  await expect(command).toContainText('--no-owner');
  await expect(command).toContainText('--no-privileges');
  await expect(command).toContainText(sandbox.sampleDatabase);
  await expect(form.commandPreview).not.toContainText(sandbox.password);
  await expect(form.commandPreview.getByRole('button', { name: 'Copy command' }).first()).toBeVisible();
  await saveScreenshot(app, testInfo, 'backup-form');

  await form.startButton.click();
  await expect(form.job.progress).toBeVisible();
  // Measured while pg_dump writes: objects so far, bytes written, elapsed, the database's size.
  await expect(form.job.phase).toContainText(/dumping — .*[1-9]\d* objects · [\d.]+ MB written/, { timeout: 30_000 });
  await expect(form.job.log).toContainText('pg_dump');
  await saveScreenshot(app, testInfo, 'backup-progress');

  await expect(form.done).toBeVisible({ timeout: 90_000 });
  await expect(form.job.status).toHaveText('Done');
  await expect(form.done).toContainText(sandbox.sampleDatabase);
  await saveScreenshot(app, testInfo, 'backup-done');

  await form.openInHistory.click();
  const backups = new BackupsPage(app);
  await expect(backups.details).toBeVisible();
  await expect(backups.rows).toHaveCount(1);
  const row = backups.rows.first();
  await expect(row).toContainText(sandbox.sampleDatabase);
  await expect(backups.statusOf(row)).toHaveText('Succeeded');
  // Checksums recorded and the archive read back, on every backup.
  await expect(backups.verificationOf(row)).toHaveAttribute('data-verification', 'checksums-ok');
  await expect(backups.facts).toContainText("custom (pg_restore archive) · gzip level 6 (pg_dump's default)");
  await expect(backups.details.getByTestId('backup-tables')).toContainText('public.events');
  await expect(backups.details.getByTestId('backup-tables')).toContainText('1,500,000');
  await saveScreenshot(app, testInfo, 'backups-history-details');

  await backups.tab('Log').click();
  await expect(backups.details.getByTestId('job-log')).toContainText('complete');
  await backups.tab('Contents').click();
  await expect(backups.contentsTree.locator('[data-table="public.orders"]')).toBeVisible();
  await expect(backups.contentsTree.locator('[data-table="public.events"]')).toContainText('1,500,000 rows at backup time');
  await saveScreenshot(app, testInfo, 'backups-contents');

  // Verify on demand, with a test restore: live progress, then the badge says it was restored.
  await backups.tab('Verification').click();
  await expect(backups.details.getByTestId('verify-test-restore')).toBeChecked();
  await backups.details.getByTestId('verify-start').click();
  await expect(backups.job.progress).toBeVisible();
  await expect(backups.job.progress).toHaveAttribute('data-job-status', 'succeeded', { timeout: 90_000 });
  await expect(backups.verificationOf(row)).toHaveAttribute('data-verification', 'test-restored');
  await expect(backups.verifications.first()).toContainText('Test restore');
  await expect(backups.verifications.first().getByTestId('row-count')).toHaveCount(5);
  await expect(backups.verifications.first().locator('[data-matches="false"]')).toHaveCount(0);
  await saveScreenshot(app, testInfo, 'backups-verified');
});

test('a backup cancelled from the UI leaves a cancelled record in the history, nothing restorable', async ({ app, bridge, server }, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  await sandboxSql(sandbox, 'create table public.events as select g as event_id, md5(g::text) as payload from generate_series(1, 1500000) as g');
  await app.goto(`${server.url}#/backups/new/${encodeURIComponent(sandbox.profileId!)}`);
  const form = new BackupFormPage(app);
  await expect(form.commandPreview).toContainText('pg_dump', { timeout: 15_000 });
  await form.startButton.click();
  await expect(form.job.phase).toContainText('dumping', { timeout: 30_000 });
  await form.job.progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(form.job.status).toHaveText('Cancelled', { timeout: 60_000 });
  await expect(form.run).toContainText('Nothing that looks complete was left behind');
  await saveScreenshot(app, testInfo, 'backup-cancelled');

  const backups = new BackupsPage(app);
  await backups.open();
  await expect(backups.rows).toHaveCount(1);
  await expect(backups.statusOf(backups.rows.first())).toHaveText('Cancelled');
  await backups.rows.first().click();
  await expect(backups.details.getByTestId('backup-failure')).toContainText('cancelled');
  // A record only: nothing to restore or verify.
  await expect(backups.details.getByTestId('restore-this')).toHaveCount(0);
  await expect(backups.details.getByTestId('open-verify')).toHaveCount(0);
});

test('the history filters by database and status, and deleting a backup needs its id typed', async ({ app, bridge }, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  const connection = { profileId: sandbox.profileId! };
  const both = await bridge.call('backups.startLogical', { connection, databases: [sandbox.sampleDatabase, 'postgres'] });
  await bridge.waitForJob(both.jobId);
  const plain = await bridge.call('backups.startLogical', { connection, databases: [sandbox.sampleDatabase], options: { format: 'plain' } });
  await bridge.waitForJob(plain.jobId);
  const made = (await bridge.call('backups.list', {})).backups;
  expect(made).toHaveLength(3);
  const ofPostgres = made.find((backup) => backup.database === 'postgres')!;

  await app.reload();
  const backups = new BackupsPage(app);
  await backups.open();
  await expect(backups.count).toHaveText('3 backups');
  await expect(backups.rows.first()).toContainText('plain');
  await saveScreenshot(app, testInfo, 'backups-history-list');
  await backups.row(made[0]!.id).click();
  await expect(backups.facts).toContainText('plain SQL');
  await saveScreenshot(app, testInfo, 'backups-history');
  await backups.details.getByRole('button', { name: 'Close the details' }).click();
  await expect(backups.details).toBeHidden();

  await backups.filter('Database', 'postgres');
  await expect(backups.rows).toHaveCount(1);
  await expect(backups.count).toHaveText('1 of 3 backups');
  await backups.filter('Status', 'Failed');
  await expect(app.getByTestId('backups-none-match')).toBeVisible();
  await app.getByRole('button', { name: 'Clear filters' }).click();
  await expect(backups.rows).toHaveCount(3);

  await backups.row(ofPostgres.id).click();
  await expect(backups.details).toBeVisible();
  await backups.deleteOpenBackup('not the id');
  const confirm = app.getByTestId('delete-confirm');
  await expect(confirm).toBeDisabled();
  await saveScreenshot(app, testInfo, 'backups-delete-confirm');
  await app.getByTestId('delete-confirm-input').fill(ofPostgres.id);
  await confirm.click();
  await expect(backups.details).toBeHidden();
  await expect(backups.rows).toHaveCount(2);
  expect((await bridge.call('backups.list', {})).backups.map((backup) => backup.database)).toEqual([sandbox.sampleDatabase, sandbox.sampleDatabase]);
});

test('thousands of backups: the history keeps only the rows in view in the page and scrolls to the oldest', async ({ app, bridge }, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  const { jobId } = await bridge.call('backups.startLogical', { connection: { profileId: sandbox.profileId! }, databases: [sandbox.sampleDatabase] });
  await bridge.waitForJob(jobId);
  const [real] = (await bridge.call('backups.list', {})).backups;
  // 2,500 more records in the repository, as years of nightly backups of several databases would leave.
  const backupsDir = join(real!.repositoryDir, 'backups');
  const manifest = JSON.parse(await readFile(join(backupsDir, real!.id, 'manifest.json'), 'utf8')) as {
    id: string;
    startedAt: string;
    logical: { database: string };
  };
  const count = 2500;
  for (let index = 0; index < count; index += 1) {
    const startedAt = new Date(Date.UTC(2024, 0, 1) + index * 3_600_000);
    const id = `${startedAt
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z')}-${index.toString(16).padStart(6, '0')}`;
    await mkdir(join(backupsDir, id));
    const copy = { ...manifest, id, startedAt: startedAt.toISOString(), logical: { ...manifest.logical, database: `db_${index % 5}` } };
    await writeFile(join(backupsDir, id, 'manifest.json'), JSON.stringify(copy));
  }

  await app.reload();
  const backups = new BackupsPage(app);
  await backups.open();
  await expect(backups.count).toHaveText(`${count + 1} backups`, { timeout: 30_000 });
  // Virtualized: a screenful of rows in the DOM, not thousands.
  expect(await backups.rows.count()).toBeLessThan(40);
  await saveScreenshot(app, testInfo, 'backups-thousands');
  await app.getByTestId('backup-history-scroll').evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await expect(backups.rows.last()).toHaveAttribute('data-backup-id', /^20240101T000000Z-000000$/);
  expect(await backups.rows.count()).toBeLessThan(40);

  await backups.filter('Database', 'db_3');
  await expect(backups.count).toHaveText(`${count / 5} of ${count + 1} backups`);
});
