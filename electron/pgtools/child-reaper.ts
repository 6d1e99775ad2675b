import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The watchdog's program (run by `node -e`): it reads "+PID", "+-PID" (a process group) and
 * "-PID" lines from its stdin, a pipe from Tidemark. When the pipe closes, Tidemark is gone
 * (exited, crashed, or killed with SIGKILL, which no handler sees), and whatever it still had
 * running gets SIGTERM, then SIGKILL 5 s later. It ignores the terminal's signals so that it
 * outlives the parent long enough to do this.
 */
const watchdogSource = `
const live = new Set();
for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM']) process.on(signal, () => {});
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    if (line.startsWith('+')) live.add(Number(line.slice(1)));
    else if (line.startsWith('-')) live.delete(Number(line.slice(1)));
  }
});
const send = (signal) => { for (const pid of live) { try { process.kill(pid, signal); } catch { live.delete(pid); } } };
process.stdin.on('close', () => {
  if (live.size === 0) process.exit(0);
  send('SIGTERM');
  setTimeout(() => { send('SIGKILL'); process.exit(0); }, 5000);
});
`;

/**
 * Makes the programs Tidemark starts die with it. Measured before this existed: after kill -9 of
 * `tidemark backup logical`, its pg_dump went on running, holding a connection and writing into
 * the pending folder. Linux's PR_SET_PDEATHSIG is not reachable from Node, so one small watchdog
 * process per Tidemark process (started with the first child) holds a pipe to it and stops the
 * registered children when the pipe breaks.
 */
export class ChildReaper {
  private watchdog: ChildProcess | undefined;
  private unavailable = false;

  /** Registers a started child (its process group with `group`); call the returned function when it has ended. */
  register(pid: number | undefined, options: { group?: boolean } = {}): () => void {
    if (!pid) return () => undefined;
    const target = options.group ? -pid : pid;
    this.send(`+${target}`);
    return () => this.send(`-${target}`);
  }

  private send(line: string): void {
    const watchdog = this.start();
    if (!watchdog?.stdin?.writable) return;
    watchdog.stdin.write(line + '\n');
  }

  private start(): ChildProcess | undefined {
    if (this.watchdog || this.unavailable) return this.watchdog;
    try {
      const watchdog = spawn(process.execPath, ['-e', watchdogSource], {
        // Electron's binary runs plain Node with this; plain Node ignores it.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['pipe', 'ignore', 'ignore'],
        // Its own process group: Ctrl-C or a kill of Tidemark's group does not take it first.
        detached: true,
      });
      watchdog.on('error', () => {
        this.unavailable = true;
        this.watchdog = undefined;
      });
      watchdog.stdin?.on('error', () => undefined);
      // Neither the watchdog nor its pipe keeps Tidemark running.
      watchdog.unref();
      (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      this.watchdog = watchdog;
    } catch {
      this.unavailable = true;
    }
    return this.watchdog;
  }
}

/** The process's one reaper: every program started through run-tool registers with it. */
export const childReaper = new ChildReaper();
