// The daemon's cost while nothing is due: `tidemark daemon` over a repository with 20 schedules
// (none due in the window), its CPU time read from /proc over the window. Goal: under 1% of one core.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { ScheduleFiles } from '../electron/scheduler/schedule-files';
import { scheduleSchema } from '../shared/contract/schedules';
import { repoRoot } from '../test/harness/tidemark-cli';

/** utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15; 100 per second on Linux). */
async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export async function benchDaemonIdle(home: string, options: { schedules: number; windowMs: number }): Promise<{ cpuPercent: number; ticks: number }> {
  const files = new ScheduleFiles(join(home, 'repository'));
  const now = new Date().toISOString();
  const hour = (new Date().getUTCHours() + 12) % 24; // half a day away: none is due in the window
  await files.writeSchedules(
    Array.from({ length: options.schedules }, (_, i) =>
      scheduleSchema.parse({
        id: `bench-${i}`,
        name: `bench ${i}`,
        profileId: 'bench',
        profileName: 'bench',
        backup: { kind: 'logical', databases: ['app'] },
        timing: { cron: `${i % 60} ${hour} * * *`, timeZone: 'UTC' },
        createdAt: now,
        updatedAt: now,
      }),
    ),
  );
  const daemon = execa('node', [join(repoRoot, 'bin', 'tidemark.js'), 'daemon'], { env: { TIDEMARK_HOME: home }, reject: false });
  try {
    await sleep(3_000); // past start-up and the first tick
    const before = await cpuTicks(daemon.pid!);
    await sleep(options.windowMs);
    const ticks = (await cpuTicks(daemon.pid!)) - before;
    return { ticks, cpuPercent: ((ticks / 100) * 1000 * 100) / options.windowMs };
  } finally {
    daemon.kill('SIGTERM');
    await daemon;
  }
}
