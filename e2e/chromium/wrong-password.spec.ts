import { expect, saveScreenshot, test } from '../fixtures';
import { createSandboxThroughBridge, sandboxDraft } from '../sandbox-setup';

test('a profile with a wrong password shows the authentication error and what to do', async ({
  app,
  bridge,
  navigation,
  connections,
  profileForm,
}, testInfo) => {
  // A real server to be wrong about: the sandbox, made through the bridge (its UI has its own test).
  const sandbox = await createSandboxThroughBridge(bridge);

  await app.reload();
  await navigation.open('Connections');
  await connections.addButton.click();
  await profileForm.fillParams(sandboxDraft(sandbox, 'sandbox, wrong password', 'certainly-not-the-password'));
  await profileForm.testButton.click();

  await expect(profileForm.errorAlert).toHaveAttribute('data-error-code', 'auth_failed');
  await expect(profileForm.errorAlert).toContainText('Authentication failed');
  await expect(profileForm.errorHint).toBeVisible();
  await expect(profileForm.testResult).toHaveCount(0);
  await saveScreenshot(app, testInfo, 'wrong-password');
});
