import { expect, saveScreenshot, test } from '../fixtures';
import { WalArchivePage } from '../pages/wal-archive-page';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { archiveSomeCommits, takeBaseBackup } from '../pages/wal-scenario';
import { createSandboxThroughBridge } from '../sandbox-setup';

test("the WAL archive browser lists the sandbox's segments, links its base backup and reads a segment; the connection page draws the recoverable window", async ({
  app,
  bridge,
  profilePage,
}, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  const profileId = sandbox.profileId!;
  // A base backup, then commits after it in archived segments: a window with a start and an end.
  await takeBaseBackup(bridge, profileId);
  await archiveSomeCommits(bridge, sandbox, profileId);
  const summary = await bridge.call('wal.summary', { server: { profileId } });

  await profilePage.open(profileId);
  const wal = new WalArchivePage(app);
  await wal.navLink.click();

  await expect(wal.archive).toHaveAttribute('data-system-identifier', summary.systemIdentifier);
  await expect(wal.figure('segment-count')).toContainText(String(summary.segmentCount));
  await expect(wal.segmentRows).toHaveCount(summary.segmentCount);
  await expect(wal.timelineNodes).toHaveCount(1);
  await expect(wal.continuous).toBeVisible();
  await expect(wal.backupHistoryFiles).toHaveCount(1);
  await expect(wal.backupHistoryFiles.getByTestId('linked-backup')).toHaveText(summary.backupFiles[0]!.backupId!);
  // The segment the base backup starts in is marked in the list.
  await expect(wal.segment(summary.backupFiles[0]!.fileName.slice(0, 24))).toContainText('backup starts');
  await expect(wal.windowBar.first()).toBeVisible({ timeout: 30_000 });
  await saveScreenshot(app, testInfo, 'wal-archive');

  // A segment's details: pg_waldump --stats by resource manager, and its commits.
  const lastSegment = summary.timelines[0]!.lastSegment!;
  await wal.segment(lastSegment).click();
  await expect(wal.segmentDetails).toHaveAttribute('data-segment', lastSegment);
  await expect(wal.segmentStats).toContainText('XLOG');
  await saveScreenshot(app, testInfo, 'wal-archive-segment');
  await app.keyboard.press('Escape');

  // The connection page: the window bar with the base backup marked, ending at the last archived commit.
  await profilePage.open(profileId);
  await expect(wal.windowBar).toBeVisible({ timeout: 30_000 });
  await expect(wal.windowIntervals).toHaveCount(1);
  await expect(wal.windowIntervals).toHaveAttribute('data-ends-at', 'archive-end');
  await expect(wal.windowBackups).toHaveCount(1);
  await expect(wal.windowSummary).toContainText('Timeline 1: recoverable from');
  await app.getByTestId('recoverable-window').scrollIntoViewIfNeeded();
  await saveScreenshot(app, testInfo, 'recoverable-window');
});

test('with no archived WAL at all, the archive browser says why it is empty and where to start', async ({ app, server }) => {
  await app.goto(`${server.url}#/wal-archive`);
  await expect(app.getByTestId('wal-archive-empty')).toContainText('set up WAL archiving');
});

test('a segment deleted from the archive shows as a gap with what it cuts off, and splits the recoverable window', async ({
  app,
  bridge,
  server,
  profilePage,
}, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  const profileId = sandbox.profileId!;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 2_000));
  const firstBackup = await takeBaseBackup(bridge, profileId);
  await archiveSomeCommits(bridge, sandbox, profileId);
  await pause();
  const lost = await archiveSomeCommits(bridge, sandbox, profileId);
  await pause();
  await archiveSomeCommits(bridge, sandbox, profileId);
  const { archiveDir } = await bridge.call('wal.summary', { server: { profileId } });
  await rm(join(archiveDir, lost));
  await pause();
  await takeBaseBackup(bridge, profileId);
  await pause();
  await archiveSomeCommits(bridge, sandbox, profileId);

  const wal = new WalArchivePage(app);
  await app.goto(`${server.url}#/wal-archive`);
  await expect(wal.figure('gap-count')).toContainText('1', { timeout: 30_000 });
  const gap = app.getByTestId('archive-gap');
  await expect(gap).toContainText(lost);
  await expect(gap).toContainText(firstBackup);
  await expect(app.locator('[data-testid="segment-row"][data-after-gap="true"]')).toHaveCount(1);
  await expect(wal.windowIntervals).toHaveCount(2, { timeout: 30_000 });
  await saveScreenshot(app, testInfo, 'wal-archive-gap');

  await profilePage.open(profileId);
  await expect(wal.windowIntervals).toHaveCount(2, { timeout: 30_000 });
  await expect(wal.windowIntervals.first()).toHaveAttribute('data-ends-at', 'gap');
  await expect(wal.windowIntervals.last()).toHaveAttribute('data-ends-at', 'archive-end');
  await expect(app.getByTestId('window-gap')).toHaveCount(1);
  await expect(wal.windowBackups).toHaveCount(2);
  await expect(wal.windowSummary).toContainText(`cut off by missing segment ${lost}`);
  await app.getByTestId('recoverable-window').scrollIntoViewIfNeeded();
  await saveScreenshot(app, testInfo, 'recoverable-window-gap');
  // The WAL section alone, for the README.
  await app.getByTestId('cluster-wal-section').screenshot({ path: 'test-results/screenshots/recoverable-window-section.png' });
});
