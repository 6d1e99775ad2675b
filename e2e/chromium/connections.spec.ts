import { expect, saveScreenshot, test } from '../fixtures';
import { createSandboxThroughBridge, sandboxDraft } from '../sandbox-setup';

test('with no connection, the Connections page says what a connection is and how to add one', async ({ navigation, connections, app }, testInfo) => {
  await navigation.open('Connections');
  await expect(connections.empty).toContainText('No connections yet');
  await expect(connections.addButton).toBeVisible();
  await saveScreenshot(app, testInfo, 'connections-empty');
});

test('a connection is tested before saving, saved, listed, edited and removed after confirmation', async ({
  app,
  bridge,
  navigation,
  connections,
  profileForm,
  profilePage,
}, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  await app.reload();
  await navigation.open('Connections');
  await connections.addButton.click();
  await profileForm.fillParams(sandboxDraft(sandbox, 'my sample db', sandbox.password));

  await profileForm.testButton.click();
  await expect(profileForm.testResult).toContainText('Connected');
  await expect(profileForm.testResult).toContainText('PostgreSQL 15.');
  await saveScreenshot(app, testInfo, 'profile-form-tested');

  await profileForm.saveButton.click();
  await expect(profilePage.name).toHaveText('my sample db');
  // The saved password is used: the page's own test connects.
  await expect(profilePage.fact('walLevel')).toHaveText('replica');
  // And the page says where it is kept (these tests ask for the pgpass file: TIDEMARK_SECRET_STORE).
  await expect(profilePage.passwordStorage).toHaveAttribute('data-secret-storage', 'pgpass-file');
  await expect(profilePage.passwordStorage).toContainText(/^Saved\. Kept in .*pgpass, a file only you can read/);
  await saveScreenshot(app, testInfo, 'profile-password-storage');

  await navigation.open('Connections');
  await expect(connections.rows).toHaveCount(2);
  await expect(connections.row('my sample db')).toContainText('saved');
  await saveScreenshot(app, testInfo, 'connections-list');

  await navigation.open('Overview');
  await expect(app.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await saveScreenshot(app, testInfo, 'overview');

  await connections.page.getByRole('link', { name: 'my sample db' }).first().click();
  await app.getByRole('link', { name: 'Edit' }).click();
  await expect(profileForm.field(/^Name/)).toHaveValue('my sample db');
  await expect(profileForm.field(/^Port/)).toHaveValue(String(sandbox.port));
  await profileForm.field(/^Name/).fill('my sample db, renamed');
  await profileForm.saveButton.click();
  // Renamed, and the saved password was kept: the page's test still connects.
  await expect(profilePage.name).toHaveText('my sample db, renamed');
  await expect(profilePage.fact('walLevel')).toHaveText('replica');

  await app.getByTestId('remove-profile').click();
  const dialog = app.getByRole('dialog');
  await expect(dialog).toContainText('The server itself, its data and any backups are not touched.');
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(profilePage.name).toHaveText('my sample db, renamed');
  await app.getByTestId('remove-profile').click();
  await dialog.getByTestId('confirm-remove').click();
  await expect(connections.heading).toBeVisible();
  await expect(connections.rows).toHaveCount(1);
});

test('the sandbox is stopped and started from its page, and the page says when it cannot connect', async ({
  app,
  bridge,
  navigation,
  profilePage,
}, testInfo) => {
  await createSandboxThroughBridge(bridge);
  await app.reload();
  await navigation.root.getByRole('link', { name: 'Sandbox' }).click();
  await expect(profilePage.fact('walLevel')).toHaveText('replica');

  await profilePage.sandboxControls.getByRole('button', { name: 'Stop' }).click();
  await expect(profilePage.sandboxControls).toHaveAttribute('data-sandbox-state', 'stopped');
  await expect(app.getByTestId('sandbox-stopped-notice')).toBeVisible();
  await expect(profilePage.facts).toHaveCount(0);
  await saveScreenshot(app, testInfo, 'sandbox-stopped');

  await profilePage.sandboxControls.getByRole('button', { name: 'Start' }).click();
  await expect(profilePage.sandboxControls).toHaveAttribute('data-sandbox-state', 'running');
  await expect(profilePage.fact('walLevel')).toHaveText('replica');
  await expect(profilePage.errorAlert).toHaveCount(0);

  await profilePage.sandboxControls.getByRole('switch', { name: 'Keep running when Tidemark quits' }).click({ force: true });
  await expect.poll(async () => (await bridge.call('sandbox.status', {})) as { keepRunning?: boolean }).toMatchObject({ keepRunning: true });
});
