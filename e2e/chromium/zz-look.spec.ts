import { saveScreenshot, test, expect } from '../fixtures';
import { createSandboxThroughBridge } from '../sandbox-setup';
test('look', async ({ app, bridge, server }, testInfo) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  await app.goto(`${server.url}#/connections/${encodeURIComponent(sandbox.profileId!)}`);
  await app.getByTestId('health-profile').click();
  await expect(app.getByTestId('health-dashboard')).toBeVisible();
  await app.waitForTimeout(2000);
  await saveScreenshot(app, testInfo, 'look-health');
  await app.goto(`${server.url}#/health`);
  await app.waitForTimeout(1000);
  await saveScreenshot(app, testInfo, 'look-health-choice');
});
