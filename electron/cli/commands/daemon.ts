import type { Command } from 'commander';
import { realpathSync } from 'node:fs';
import { cliContext } from '../cli-context';
import { positiveInteger } from './backup-cli-common';

/** How long runs in progress get to finish on SIGTERM before they are cancelled, by default (systemd's TimeoutStopSec is above it). */
const defaultStopGraceSeconds = 60;
/** After the grace: cancelling a run stops its pg_dump with SIGTERM, then SIGKILL 5 s later (run-tool.ts), then the run is recorded. */
const cancelAllowanceSeconds = 30;

/** A systemd user unit that runs `tidemark daemon` with this Node and this CLI, and this grace. */
export function systemdUnit(stopGraceSeconds = defaultStopGraceSeconds): string {
  const cli = realpathSync(process.argv[1] ?? 'tidemark');
  const grace = stopGraceSeconds === defaultStopGraceSeconds ? '' : ` --stop-grace ${stopGraceSeconds}`;
  const home = process.env.TIDEMARK_HOME ? `Environment=TIDEMARK_HOME=${process.env.TIDEMARK_HOME}\n` : '';
  return `# ~/.config/systemd/user/tidemark.service — then: systemctl --user daemon-reload && systemctl --user enable --now tidemark
# (and \`loginctl enable-linger $USER\` to run it while you are logged out)
[Unit]
Description=Tidemark backup schedules
After=network-online.target

[Service]
Type=simple
ExecStart=${process.execPath} ${cli} daemon${grace}
${home}Restart=on-failure
RestartSec=30
KillSignal=SIGTERM
TimeoutStopSec=${stopGraceSeconds + cancelAllowanceSeconds}

[Install]
WantedBy=default.target
`;
}

/** `tidemark daemon`: runs the schedules in the foreground, one log line per event, until SIGTERM or Ctrl-C. */
export function registerDaemonCommand(program: Command): void {
  program
    .command('daemon')
    .description('run the schedules in the foreground (for systemd or a terminal); SIGTERM lets runs finish, then cancels them')
    .option(
      '--stop-grace <seconds>',
      'on SIGTERM or Ctrl-C, how long runs in progress get to finish before they are cancelled',
      positiveInteger('--stop-grace'),
      defaultStopGraceSeconds,
    )
    .option('--print-systemd-unit', 'print a systemd user unit that runs this daemon (with this --stop-grace), and exit')
    .action(async (options: { printSystemdUnit?: boolean; stopGrace: number }) => {
      if (options.printSystemdUnit) {
        process.stdout.write(systemdUnit(options.stopGrace));
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
          log(`${signal}: stopping (runs in progress get ${options.stopGrace} s to finish)`);
          void services.scheduler.stopRunner({ graceMs: options.stopGrace * 1000 }).finally(() => {
            log('stopped');
            resolve();
          });
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
      });
    });
}
