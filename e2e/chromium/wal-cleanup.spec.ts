import { expect, saveScreenshot, test } from '../fixtures';
import { WalArchivePage, WalCleanupPanel } from '../pages/wal-archive-page';
import { archiveSomeCommits, takeBaseBackup } from '../pages/wal-scenario';
import { createSandboxThroughBridge } from '../sandbox-setup';

const files = (count: number) => `${count} ${count === 1 ? 'file' : 'files'}`;

test('with no base backup yet, the cleanup panel says all WAL is kept and why', async ({ app, bridge, server }) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  await archiveSomeCommits(bridge, sandbox, sandbox.profileId!);
  const cleanup = new WalCleanupPanel(app);
  await app.goto(`${server.url}#/wal-archive`);
  await expect(cleanup.nothingToDelete).toContainText('No base backup yet', { timeout: 30_000 });
  await expect(cleanup.nothingToDelete).toContainText('No complete physical backup of this cluster is in the repository');
  await expect(cleanup.deleteButton).toHaveCount(0);
  await expect(cleanup.keptBackups).toHaveCount(0);
});

test('WAL before the oldest kept backup is previewed, a stale count is refused, and the confirmed cleanup shrinks the archive', async ({
  app,
  bridge,
  server,
}, testInfo) => {
  test.setTimeout(300_000);
  const sandbox = await createSandboxThroughBridge(bridge);
  const profileId = sandbox.profileId!;
  const archive = { server: { profileId } };
  // WAL before the first backup (a few segments, so the preview names some), between the two, and after the second.
  for (let i = 0; i < 3; i++) await archiveSomeCommits(bridge, sandbox, profileId);
  const older = await takeBaseBackup(bridge, profileId);
  await archiveSomeCommits(bridge, sandbox, profileId);
  const newer = await takeBaseBackup(bridge, profileId);
  await archiveSomeCommits(bridge, sandbox, profileId);
  const firstPreview = await bridge.call('wal.cleanupPreview', archive);
  expect(firstPreview.deleteCount).toBeGreaterThan(2);

  const wal = new WalArchivePage(app);
  const cleanup = new WalCleanupPanel(app);
  await app.goto(`${server.url}#/wal-archive`);
  await expect(cleanup.preview).toHaveAttribute('data-delete-count', String(firstPreview.deleteCount), { timeout: 30_000 });
  await expect(cleanup.deleteCount).toContainText(files(firstPreview.deleteCount));
  await expect(cleanup.panel.getByTestId('cleanup-range')).toContainText(firstPreview.oldestNeededSegment!);
  await expect(cleanup.sample).toContainText(firstPreview.firstDeleted!);
  // Both backups are kept; the older one's start is the cutoff.
  await expect(cleanup.keptBackups).toHaveCount(2);
  await expect(cleanup.keptBackups.first()).toHaveAttribute('data-backup-id', older);
  await expect(cleanup.keptBackups.first()).toContainText('oldest kept: the cutoff');
  await cleanup.panel.scrollIntoViewIfNeeded();
  await cleanup.panel.screenshot({ path: 'test-results/screenshots/wal-cleanup.png' });
  await saveScreenshot(app, testInfo, 'wal-cleanup-page');

  // The older backup goes (retention) while the confirmation is open: the count typed is stale.
  await cleanup.deleteButton.click();
  await bridge.call('backups.delete', { id: older, confirm: older });
  await cleanup.confirmInput.fill(String(firstPreview.deleteCount));
  await cleanup.confirmButton.click();
  await expect(cleanup.confirmInput).toHaveCount(0);
  await expect(cleanup.error).toHaveAttribute('data-error-code', 'conflict');
  await expect(cleanup.error).toContainText('The archive changed since the preview: nothing was deleted');
  await expect(cleanup.error).toContainText('Look at the preview again and confirm its count.');
  // The preview was read again: everything before the newer backup may go now.
  const secondPreview = await bridge.call('wal.cleanupPreview', archive);
  expect(secondPreview.deleteCount).toBeGreaterThan(firstPreview.deleteCount);
  await expect(cleanup.preview).toHaveAttribute('data-delete-count', String(secondPreview.deleteCount));
  await expect(cleanup.deleteCount).toContainText(files(secondPreview.deleteCount));
  await expect(cleanup.keptBackups).toHaveCount(1);
  await expect(cleanup.keptBackups).toHaveAttribute('data-backup-id', newer);
  await saveScreenshot(app, testInfo, 'wal-cleanup-conflict');

  const before = await bridge.call('wal.summary', archive);
  await expect(wal.segmentRows).toHaveCount(before.segmentCount);
  await cleanup.deleteButton.click();
  await expect(app.getByRole('dialog')).toContainText(`Delete ${files(secondPreview.deleteCount)} of archived WAL?`);
  await cleanup.confirmInput.fill(String(secondPreview.deleteCount - 1));
  await expect(cleanup.confirmButton).toBeDisabled();
  await cleanup.confirmInput.fill(String(secondPreview.deleteCount));
  await saveScreenshot(app, testInfo, 'wal-cleanup-confirm');
  await cleanup.confirmButton.click();
  await expect(cleanup.result).toContainText(`Deleted ${files(secondPreview.deleteCount)}, freed`);
  await expect(cleanup.result).toHaveAttribute('data-deleted', String(secondPreview.deleteCount));
  await expect(cleanup.error).toHaveCount(0);

  // The list, the figures and the window were read again; nothing before the newer backup is left to delete.
  const after = await bridge.call('wal.summary', archive);
  expect(after.segmentCount).toBeLessThan(before.segmentCount);
  await expect(wal.figure('segment-count')).toHaveText(new RegExp(`^Segments\\s*${after.segmentCount}$`));
  await expect(wal.segmentRows).toHaveCount(after.segmentCount);
  await expect(wal.segment(secondPreview.oldestNeededSegment!)).toBeVisible();
  await expect(wal.segment(secondPreview.firstDeleted!)).toHaveCount(0);
  await expect(cleanup.nothingToDelete).toContainText('Nothing older than the oldest kept backup');
  await expect(cleanup.nothingToDelete).toContainText(`Recovery from ${newer}`);
  await expect(wal.windowIntervals).toHaveCount(1);
  await cleanup.panel.scrollIntoViewIfNeeded();
  await cleanup.panel.screenshot({ path: 'test-results/screenshots/wal-cleanup-result.png' });
});
