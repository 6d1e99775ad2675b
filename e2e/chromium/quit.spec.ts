import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures';
import { createSandboxThroughBridge } from '../sandbox-setup';

// Stopping browser mode (Ctrl-C, SIGTERM) stops the sandbox unless the user asked to keep it.

test('stopping browser mode stops the sandbox', async ({ server, bridge }) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  expect(existsSync(join(sandbox.dataDir, 'postmaster.pid'))).toBe(true);
  await server.terminate();
  expect(existsSync(join(sandbox.dataDir, 'postmaster.pid'))).toBe(false);
  expect(server.stderr()).not.toContain('Could not stop');
});

test('a sandbox set to keep running outlives browser mode', async ({ server, bridge }) => {
  const sandbox = await createSandboxThroughBridge(bridge);
  await bridge.call('sandbox.setKeepRunning', { keepRunning: true });
  await server.terminate();
  // The fixture's safety net stops it after the test.
  expect(existsSync(join(sandbox.dataDir, 'postmaster.pid'))).toBe(true);
});
