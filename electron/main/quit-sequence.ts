import { app } from 'electron';
import type { Services } from '../api/services';
import { stopClustersOnQuit } from '../clusters/managed-clusters';

// pg_ctl's own wait is 60 s; past this the app quits anyway rather than look hung, and says so.
const shutdownTimeLimitMs = 45_000;

/**
 * On quit: cancel every running job (a cancelled job leaves nothing that looks complete), then
 * stop the managed clusters the user did not ask to keep running, then let the app exit. Quit is
 * held back (will-quit) until both are done or the time limit passes.
 */
export function stopServicesOnQuit(services: Services): void {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('will-quit', (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    void withTimeLimit(shutDownServices(services), shutdownTimeLimitMs).finally(() => {
      phase = 'stopped';
      app.quit();
    });
  });
}

async function shutDownServices(services: Services): Promise<void> {
  // Scheduled runs in progress are cancelled (recorded as interrupted) and the lease handed back.
  await services.scheduler.stopRunner();
  // The health pollers close their connections before the clusters they watch stop.
  await services.health.dispose();
  await services.jobs.cancelAll();
  const report = await stopClustersOnQuit(services);
  for (const failure of report.failed) console.error(`Could not stop managed cluster ${failure.id} on quit: ${failure.message}`);
}

async function withTimeLimit(work: Promise<void>, limitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`Quitting before shutdown finished (after ${limitMs / 1000} s): jobs or clusters may still be stopping.`);
      resolve();
    }, limitMs);
  });
  try {
    await Promise.race([work.catch((error: unknown) => console.error('Shutdown failed:', error)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
