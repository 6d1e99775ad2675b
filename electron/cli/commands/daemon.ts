import type { Command } from 'commander';
import { realpathSync } from 'node:fs';
import { cliContext } from '../cli-context';

/** How long runs in progress get to finish on SIGTERM before they are cancelled (systemd's TimeoutStopSec is above it). */
const stopGraceMs = 60_000;

/** A systemd user unit that runs `tidemark daemon` with this Node and this CLI. */
export function systemdUnit(): string {
  const cli = realpathSync(process.argv[1] ?? 'tidemark');
  const home = process.env.TIDEMARK_HOME ? `Environment=TIDEMARK_HOME=${process.env.TIDEMARK_HOME}\n` : '';
  return `# ~/.config/systemd/user/tidemark.service — then: systemctl --user daemon-reload && systemctl --user enable --now tidemark
# (and \`loginctl enable-linger $USER\` to run it while you are logged out)
[Unit]
Description=Tidemark backup schedules
After=network-online.target

[Service]
Type=simple
ExecStart=${process.execPath} ${cli} daemon
${home}Restart=on-failure
RestartSec=30
KillSignal=SIGTERM
TimeoutStopSec=${Math.ceil(stopGraceMs / 1000) + 30}

[Install]
WantedBy=default.target
`;
}

/** `tidemark daemon`: runs the schedules in the foreground, one log line per event, until SIGTERM or Ctrl-C. */
export function registerDaemonCommand(program: Command): void {
  program
    .command('daemon')
    .description('run the schedules in the foreground (for systemd or a terminal); SIGTERM lets runs finish, then cancels them')
    .option('--print-systemd-unit', 'print a systemd user unit that runs this daemon, and exit')
    .action(async (options: { printSystemdUnit?: boolean }) => {
      if (options.printSystemdUnit) {
        process.stdout.write(systemdUnit());
        return;
      }
      const { services } = cliContext();
      const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
      log(`tidemark daemon pid ${process.pid}: repositories ${services.repositories.knownRoots().join(', ')}`);
      services.scheduler.startRunner('daemon', log);
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          log(`${signal}: stopping (runs in progress get ${stopGraceMs / 1000} s to finish)`);
          void services.scheduler.stopRunner({ graceMs: stopGraceMs }).finally(() => {
            log('stopped');
            resolve();
          });
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
      });
    });
}
