import type { GenericWebhookPayloadV1 } from '../../electron/notifications/webhook-payload';
import { startHttpReceiver, type HttpReceiver } from '../../test/support/notification-receivers';
import { expect, saveScreenshot, test } from '../fixtures';

let receiver: HttpReceiver;
test.beforeEach(async () => {
  // A real webhook receiver on a loopback port: /hooks/… takes messages, /broken/… answers 500.
  receiver = await startHttpReceiver((_n, request) =>
    request.path.startsWith('/hooks/') ? { status: 200, body: 'ok' } : { status: 500, body: 'receiver is down' },
  );
});
test.afterEach(async () => {
  await receiver?.close();
});

test('a webhook channel added in the settings sends a test, and the delivery history shows it', async ({ app, navigation, notificationsPage }, testInfo) => {
  await navigation.open('Notifications');
  await expect(notificationsPage.heading).toBeVisible();
  await expect(app.getByTestId('no-channels')).toBeVisible();

  await notificationsPage.addWebhook('Ops hook', `${receiver.origin}/hooks/e2eSecretPart42`);
  const ops = notificationsPage.channel('Ops hook');
  // The address is a secret: the page shows it masked.
  await expect(ops.root).toContainText(`${receiver.origin}/hooks/***`);
  await expect(ops.root).not.toContainText('e2eSecretPart42');

  await ops.sendTest.click();
  await expect(ops.testResult).toHaveAttribute('data-result', 'delivered');
  await expect(ops.testResult).toContainText('HTTP 200 OK');
  expect(receiver.requests).toHaveLength(1);
  const payload = JSON.parse(receiver.requests[0]!.body) as GenericWebhookPayloadV1;
  expect(payload).toMatchObject({ schema: 'tidemark.notification.v1', test: true, event: { type: 'notification.test', channelName: 'Ops hook' } });

  const delivered = notificationsPage.historyRows.filter({ hasText: 'Ops hook' });
  await expect(delivered).toHaveCount(1);
  await expect(delivered).toHaveAttribute('data-result', 'delivered');
  await expect(delivered).toContainText('Test');

  // A receiver that fails: the test says so, and the history keeps the failure with the receiver's answer.
  await notificationsPage.addWebhook('Broken Slack', `${receiver.origin}/broken/T0/B0/XyZsecret`, 'Slack');
  const broken = notificationsPage.channel('Broken Slack');
  await broken.sendTest.click();
  await expect(broken.testResult).toHaveAttribute('data-result', 'failed');
  await expect(broken.testResult).toContainText('HTTP 500 Internal Server Error: receiver is down');
  const failed = notificationsPage.historyRows.filter({ hasText: 'Broken Slack' });
  await expect(failed).toHaveAttribute('data-result', 'failed');
  await expect(notificationsPage.history).not.toContainText('XyZsecret');
  await saveScreenshot(app, testInfo, 'notifications');

  // Editing keeps the saved address unless a new one is typed: the form says which is saved, masked.
  await ops.edit.click();
  await expect(notificationsPage.form.root).toContainText(`Saved: ${receiver.origin}/hooks/***. Leave empty to keep it.`);
  await notificationsPage.form.root.getByLabel('Backup succeeded').check();
  await saveScreenshot(app, testInfo, 'notification-channel-form');
  await notificationsPage.form.save.click();
  await expect(ops.root.locator('input[value="backup.succeeded"]')).toBeChecked();
  await ops.sendTest.click();
  await expect(ops.testResult).toHaveAttribute('data-result', 'delivered');
  expect(receiver.requests.filter((request) => request.path === '/hooks/e2eSecretPart42')).toHaveLength(2);

  await broken.root.getByTestId('remove-channel').click();
  await app.getByTestId('confirm-remove-channel').click();
  await expect(broken.root).toHaveCount(0);
  // Its history stays: what was sent (and failed) is still true.
  await expect(failed).toHaveAttribute('data-result', 'failed');
});

test('in browser mode a desktop channel asks the browser when turned on and shows its test with the Notification API', async ({
  app,
  server,
  navigation,
  notificationsPage,
}) => {
  await app.context().grantPermissions(['notifications'], { origin: server.origin });
  // Records what the page shows, so the test sees the notification the browser was asked to display.
  await app.addInitScript(() => {
    const shown: { title: string; body?: string }[] = [];
    (window as unknown as { tidemarkShown: typeof shown }).tidemarkShown = shown;
    const real = window.Notification;
    class RecordingNotification {
      static get permission() {
        return real.permission;
      }
      static requestPermission() {
        return real.requestPermission();
      }
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body });
      }
    }
    (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
  });
  await app.reload();
  await navigation.open('Notifications');

  await notificationsPage.addDesktop('This browser');
  const desktop = notificationsPage.channel('This browser');
  await desktop.sendTest.click();
  await expect(desktop.testResult).toHaveAttribute('data-result', 'delivered');
  await expect
    .poll(() => app.evaluate(() => (window as unknown as { tidemarkShown: { title: string; body?: string }[] }).tidemarkShown))
    .toEqual([{ title: 'Tidemark test notification', body: expect.stringContaining('A test from the channel "This browser"') }]);
});
