import { sandboxSuperuser } from '../../shared/domain/sandbox';
import { expect, saveScreenshot, test } from '../fixtures';
import { createSandboxThroughBridge } from '../sandbox-setup';

test('a profile with a wrong password shows the authentication error and what to do', async ({ app, bridge, navigation, connections, profileForm }, testInfo) => {
  // A real server to be wrong about: the sandbox, made through the bridge (its UI has its own test).
  const sandbox = await createSandboxThroughBridge(bridge);

  await app.reload();
  await navigation.open('Connections');
  await connections.addButton.click();
  await profileForm.fillParams({
    name: 'sandbox, wrong password',
    host: '127.0.0.1',
    port: sandbox.port,
    database: sandbox.sampleDatabase,
    user: sandboxSuperuser,
    password: 'certainly-not-the-password',
  });
  await profileForm.testButton.click();

  await expect(profileForm.errorAlert).toHaveAttribute('data-error-code', 'auth_failed');
  await expect(profileForm.errorAlert).toContainText('Authentication failed');
  await expect(profileForm.errorHint).toBeVisible();
  await expect(profileForm.testResult).toHaveCount(0);
  await saveScreenshot(app, testInfo, 'wrong-password');
});
