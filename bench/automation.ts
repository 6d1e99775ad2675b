// npm run bench:automation: what runs when nobody is looking, measured.
//   - the daemon's CPU over 60 s idle with 20 schedules (goal < 1% of one core)
//   - CLI start-up: tidemark --help and backups list against node -e 0 (goal < 0.2 s)
//   - retention planning over 10,000 backups and 200,000 WAL segments (goal < 1 s)
// Run it as an ordinary user: runuser -u tidemark -- npm run bench:automation [-- --idle-seconds N]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCliStartup } from './cli-startup';
import { benchRetentionPlanning, runRetentionPlanningChild } from './retention-planning';
import { benchDaemonIdle } from './scheduler-idle';

const args = process.argv.slice(2);
// The retention section plans once more in a fresh process: this same script, started with its flag.
if (await runRetentionPlanningChild(args)) process.exit(0);
const idleArg = args.indexOf('--idle-seconds');
const idleSeconds = idleArg >= 0 ? Number(args[idleArg + 1]) : 60;

async function main(): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'tidemark-bench-automation-'));
  try {
    const startup = await benchCliStartup(home, 15);
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    console.log('CLI start-up (median of 15, alternating)');
    console.log(`  node -e 0                ${ms(startup.node)}`);
    console.log(`  tidemark --help          ${ms(startup.help)}  (${(startup.help / startup.node).toFixed(2)}x node; goal < 200 ms)`);
    console.log(`  tidemark backups list    ${ms(startup.backupsList)}  (${(startup.backupsList / startup.node).toFixed(2)}x node; goal < 200 ms)`);

    // --- Retention planning ------------------------------------------------------------------
    const retention = await benchRetentionPlanning(home, { backups: 10_000, segments: 200_000 });
    console.log(`Retention plan, ${retention.backups} backups and ${retention.segments} WAL segments (goal < 1000 ms)`);
    console.log(`  in a running process      ${ms(retention.runningProcessMs)}  (app, browser mode, daemon: unchanged manifests and the archive index reused)`);
    console.log(
      `  in a fresh process        ${ms(retention.freshProcessMs)}  (tidemark retention plan: the saved catalog and archive index checked against the folders)`,
    );
    console.log(`  the engine alone          ${ms(retention.engineMs)}`);
    console.log(`  first scan of the archive ${ms(retention.firstScanMs)}  (once: no saved index yet)`);
    console.log(`  first read of the manifests ${ms(retention.firstCatalogMs)}  (once: no saved catalog yet)`);
    console.log(`  → keeps ${retention.plan.kept}, deletes ${retention.plan.deleted}, prunes ${retention.plan.walSegmentsPruned} WAL segment files`);

    const idle = await benchDaemonIdle(home, { schedules: 20, windowMs: idleSeconds * 1000 });
    console.log(`tidemark daemon, 20 schedules, ${idleSeconds} s idle: ${idle.ticks} CPU ticks = ${idle.cpuPercent.toFixed(3)}% of one core (goal < 1%)`);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

await main();
