import { expect, test } from '@playwright/test';
import type { TidemarkApi } from '../../shared/contract';
import { findElectronBinary, launchTidemark, type TidemarkApp } from './tidemark-app';

// Electron's security checklist, checked on the running app (as Actual's
// e2e/navigation-security.test.ts does): an isolated, sandboxed renderer with no Node, one small
// typed bridge, a strict CSP, no way off our own pages.

const binary = findElectronBinary();
test.skip(!binary.present, binary.present ? '' : binary.reason);

/** The page's window as these tests probe it (types only: evaluate() sends the functions as source). */
type ProbedWindow = Window & { tidemark: TidemarkApi } & Record<string, unknown>;

let tidemark: TidemarkApp;

test.beforeAll(async () => {
  tidemark = await launchTidemark();
});

test.afterAll(async () => {
  await tidemark?.close();
});

test('the window is created isolated, sandboxed and without Node', async () => {
  const preferences = await tidemark.app.evaluate(({ BrowserWindow }) => {
    const [window] = BrowserWindow.getAllWindows();
    // Undocumented but long-standing: the preferences the web contents was created with.
    const contents = window?.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> } | undefined;
    return contents?.getLastWebPreferences() ?? null;
  });
  expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
});

test('the page has no Node, and window.tidemark holds only invoke and on', async () => {
  const page = await tidemark.window.evaluate(() => {
    const probed = window as unknown as ProbedWindow;
    return {
      require: typeof probed.require,
      process: typeof probed.process,
      module: typeof probed.module,
      ipcRenderer: typeof probed.ipcRenderer,
      bridgeKeys: Object.keys(probed.tidemark).sort(),
      invoke: typeof probed.tidemark.invoke,
      on: typeof probed.tidemark.on,
    };
  });
  expect(page).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    ipcRenderer: 'undefined',
    bridgeKeys: ['invoke', 'on'],
    invoke: 'function',
    on: 'function',
  });
  // The renderer's own bundle ran under the CSP (a blocked module script would leave #root empty).
  await expect.poll(() => tidemark.window.evaluate(() => document.getElementById('root')?.childElementCount ?? 0)).toBeGreaterThan(0);
  await tidemark.window.screenshot({ path: test.info().outputPath('electron-window.png') });
});

test('app.info answers through IPC: host electron, data in TIDEMARK_HOME', async () => {
  const outcome = await tidemark.window.evaluate(() => (window as unknown as ProbedWindow).tidemark.invoke('app.info', {}));
  expect(outcome).toMatchObject({ ok: true, value: { host: 'electron', homeDir: tidemark.home } });
});

test('the main process validates every request: unknown names and bad input come back as errors', async () => {
  const [unknown, invalid] = await tidemark.window.evaluate(async () => {
    // Deliberately outside the contract's types: this is what a compromised page could send.
    const bridge = (window as unknown as { tidemark: { invoke(name: string, input: unknown): Promise<unknown> } }).tidemark;
    return [await bridge.invoke('fs.readFile', { path: '/etc/passwd' }), await bridge.invoke('profiles.remove', { id: 42 })];
  });
  expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
  expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
});

test('on() subscribes and returns an unsubscribe function', async () => {
  const unsubscribeType = await tidemark.window.evaluate(() => {
    const unsubscribe = (window as unknown as ProbedWindow).tidemark.on('job.state', () => {});
    const type = typeof unsubscribe;
    unsubscribe();
    return type;
  });
  expect(unsubscribeType).toBe('function');
});

test('every app:// response carries the strict CSP, and the CSP is enforced', async () => {
  const { csp, nosniff } = await tidemark.window.evaluate(async () => {
    const response = await fetch('app://tidemark/index.html');
    return { csp: response.headers.get('content-security-policy'), nosniff: response.headers.get('x-content-type-options') };
  });
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(nosniff).toBe('nosniff');

  const inlineScriptRan = await tidemark.window.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__tidemarkInlineScriptRan = true';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return (window as unknown as ProbedWindow).__tidemarkInlineScriptRan === true;
  });
  expect(inlineScriptRan).toBe(false);

  const remoteFetch = await tidemark.window.evaluate(() =>
    fetch('https://example.com/').then(
      () => 'reached',
      () => 'blocked',
    ),
  );
  expect(remoteFetch).toBe('blocked');
});

test('app:// serves nothing outside the built renderer', async () => {
  const statuses = await tidemark.window.evaluate(async () =>
    Promise.all(
      ['app://tidemark/..%2f..%2fpackage.json', 'app://tidemark/%2e%2e/%2e%2e/package.json', 'app://tidemark/no-such-file.js'].map(
        async (url) => (await fetch(url)).status,
      ),
    ),
  );
  expect(statuses).toEqual([404, 404, 404]);
});

test('navigation away from our pages is blocked', async () => {
  const startUrl = tidemark.window.url();
  for (const target of ['https://example.com/', 'file:///etc/passwd']) {
    await tidemark.window.evaluate((url) => {
      window.location.href = url;
    }, target);
    // A blocked navigation produces no event to wait for: give it time to happen if it were going to.
    await tidemark.window.waitForTimeout(750);
    expect(tidemark.window.url()).toBe(startUrl);
  }
  expect(await tidemark.window.evaluate(() => typeof (window as unknown as ProbedWindow).tidemark)).toBe('object');
});

test('window.open is denied; only https links go to the browser, through openExternal', async () => {
  // Record instead of launching a browser on the test machine.
  await tidemark.app.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as unknown as { openedExternally: string[] }).openedExternally = opened;
    shell.openExternal = async (url: string) => {
      opened.push(url);
    };
  });
  const results = await tidemark.window.evaluate(() =>
    ['https://www.postgresql.org/docs/current/backup.html', 'http://example.com/', 'file:///etc/passwd', 'app://tidemark/index.html'].map(
      (url) => window.open(url) === null,
    ),
  );
  expect(results).toEqual([true, true, true, true]);
  expect(tidemark.app.windows()).toHaveLength(1);
  await expect
    .poll(() => tidemark.app.evaluate(() => (globalThis as unknown as { openedExternally: string[] }).openedExternally))
    .toEqual(['https://www.postgresql.org/docs/current/backup.html']);
});
