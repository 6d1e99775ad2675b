import { expect, test } from '../fixtures';
import { BridgeClient, openBridge } from '../bridge-client';

// Browser mode drives every service, so only the page it printed may reach it: the token on the
// page and on the WebSocket, and the WebSocket's Origin must be the server's own.

test('the bridge refuses a wrong token', async ({ server }) => {
  const attempt = await openBridge(server, { token: 'not-the-token' });
  expect(attempt).toMatchObject({ opened: false, status: 403 });
});

test('the bridge refuses a missing token', async ({ server }) => {
  const attempt = await openBridge(server, { token: '' });
  expect(attempt).toMatchObject({ opened: false, status: 403 });
});

test('the bridge refuses another site, even with the right token', async ({ server }) => {
  for (const origin of ['http://evil.example', `http://localhost:${server.port}`, `http://127.0.0.1:${server.port + 1}`]) {
    const attempt = await openBridge(server, { origin });
    expect(attempt, origin).toMatchObject({ opened: false, status: 403 });
  }
  const withoutOrigin = await openBridge(server, { origin: null });
  expect(withoutOrigin).toMatchObject({ opened: false, status: 403 });
});

test('the bridge serves the contract to its own origin with the token, and validates input', async ({ server }) => {
  const bridge = await BridgeClient.open(server);
  try {
    const info = await bridge.call('app.info', {});
    expect(info.host).toBe('web');
    expect(info.homeDir).toBe(server.homeDir);
    const unknown = await bridge.invoke('no.such.request' as 'app.info', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
    const invalid = await bridge.invoke('jobs.get', { jobId: 42 } as unknown as { jobId: string });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  } finally {
    bridge.close();
  }
});

test('the page needs the token, and every response carries the strict CSP', async ({ server, request }) => {
  const withoutToken = await request.get(`${server.origin}/`);
  expect(withoutToken.status()).toBe(403);
  expect(await withoutToken.text()).toContain('access token');
  const wrongToken = await request.get(`${server.origin}/?token=wrong`);
  expect(wrongToken.status()).toBe(403);

  const page = await request.get(server.url);
  expect(page.status()).toBe(200);
  expect(page.headers()['content-type']).toBe('text/html; charset=utf-8');
  const csp = page.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
  expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  expect(page.headers()['referrer-policy']).toBe('no-referrer');

  const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
  expect(script).toBeTruthy();
  const asset = await request.get(`${server.origin}/${script}`);
  expect(asset.headers()['content-type']).toBe('text/javascript; charset=utf-8');
  expect(asset.headers()['content-security-policy']).toBe(csp);

  const outside = await request.get(`${server.origin}/..%2f..%2fpackage.json`);
  expect(outside.status()).toBe(404);
});

test('a page reached under another host name gets nothing (DNS rebinding)', async ({ server, request }) => {
  const response = await request.get(server.url, { headers: { Host: `rebound.example:${server.port}` } });
  expect(response.status()).toBe(421);
});
