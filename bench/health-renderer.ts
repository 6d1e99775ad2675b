// The renderer's cost with a health dashboard open (issue 12's goal: under 2% of one core over 60 s),
// measured in browser mode through Chromium's own performance metrics (CDP Performance.getMetrics:
// TaskDuration is the main thread's busy time), while the sandbox is polled every 2 s.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Page } from 'playwright-core';
import { BridgeClient } from '../e2e/bridge-client';
import { startBrowserMode } from '../e2e/browser-mode-server';
import { createSandboxThroughBridge } from '../e2e/sandbox-setup';
import { repoRoot } from '../test/harness/tidemark-cli';

const chromiumExecutable = process.env.TIDEMARK_CHROMIUM ?? '/usr/bin/chromium';

export interface RendererCpu {
  windowMs: number;
  /** Main-thread busy time (TaskDuration) over the window, as a share of one core. */
  cpuPercent: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  /** health.sample events the window received (the dashboard was live, not idle). */
  samples: number;
}

/** Chromium's counters since Performance.enable on this session: one session reads both ends of the window (a new one starts from zero). */
async function metricsReader(page: Page): Promise<() => Promise<Record<string, number>>> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  return async () => {
    const { metrics: list } = await session.send('Performance.getMetrics');
    return Object.fromEntries(list.map((metric) => [metric.name, metric.value]));
  };
}

/** Opens the dashboard of the sandbox, waits out the start-up, then measures `windowMs`. */
export async function measureDashboardRendererCpu(options: { windowMs: number; warmUpMs: number }): Promise<RendererCpu> {
  const homeDir = await mkdtemp(join(tmpdir(), 'tidemark-bench-health-'));
  const server = await startBrowserMode(homeDir, repoRoot);
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const bridge = await BridgeClient.open(server);
    const sandbox = await createSandboxThroughBridge(bridge);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${server.url}#/health/${encodeURIComponent(sandbox.profileId!)}`);
    await page.locator('[data-testid="poll-state"][data-kind="watching"]').waitFor({ timeout: 60_000 });
    await sleep(options.warmUpMs);
    let samples = 0;
    bridge.socket.on('message', (data) => {
      if (String(data).includes('"health.sample"')) samples += 1;
    });
    const metrics = await metricsReader(page);
    const before = await metrics();
    const started = Date.now();
    await sleep(options.windowMs);
    const after = await metrics();
    const windowMs = Date.now() - started;
    const delta = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
    bridge.close();
    return {
      windowMs,
      cpuPercent: (delta('TaskDuration') / windowMs) * 100,
      scriptMs: delta('ScriptDuration'),
      layoutMs: delta('LayoutDuration'),
      styleMs: delta('RecalcStyleDuration'),
      samples,
    };
  } finally {
    await browser.close();
    await server.stop();
    await rm(homeDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureDashboardRendererCpu({ windowMs: 60_000, warmUpMs: 10_000 });
  console.log(
    `renderer with the health dashboard open: ${result.cpuPercent.toFixed(2)}% of one core over ${(result.windowMs / 1000).toFixed(0)} s ` +
      `(script ${result.scriptMs.toFixed(0)} ms, layout ${result.layoutMs.toFixed(0)} ms, style ${result.styleMs.toFixed(0)} ms, ${result.samples} samples; goal < 2%)`,
  );
}
