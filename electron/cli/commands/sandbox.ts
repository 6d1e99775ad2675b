import type { Command } from 'commander';
import type { SandboxStatus } from '../../../shared/domain/sandbox';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { printError, printResult, type OutputOptions } from '../output';
import { followJob } from '../run-job';

export function registerSandboxCommand(program: Command): void {
  const sandbox = program
    .command('sandbox')
    .description('a local PostgreSQL with a sample database, made and run by Tidemark in its data folder')
    .addHelpText(
      'after',
      '\nThe CLI leaves the sandbox as it is when it exits: after `sandbox start` it keeps running until `sandbox stop`.\n' +
        '(The app stops it on quit unless "keep running" is set.) PostgreSQL refuses to run as root: run these as an ordinary user.',
    );

  sandbox
    .command('create')
    .description(
      'create the sandbox: initdb, WAL archiving into the repository, the sample database tidemark_sample, and a profile "Sandbox"; it is left running',
    )
    .option('--json', 'print one JSON document (progress goes to stderr)')
    .action((options: OutputOptions) =>
      report(options, async () => {
        const context = cliContext();
        const { jobId } = await call(context.api, 'sandbox.create', {});
        return followJob(context, 'sandbox.create', jobId);
      }),
    );

  sandbox
    .command('start')
    .description('start the sandbox (it keeps running after this command exits)')
    .option('--json', 'print one JSON document')
    .action((options: OutputOptions) => report(options, () => call(cliContext().api, 'sandbox.start', {})));

  sandbox
    .command('stop')
    .description('stop the sandbox')
    .option('--json', 'print one JSON document')
    .action((options: OutputOptions) => report(options, () => call(cliContext().api, 'sandbox.stop', {})));

  sandbox
    .command('status')
    .description('whether the sandbox exists and runs, its port, folders and profile')
    .option('--json', 'print one JSON document')
    .action((options: OutputOptions) => report(options, () => call(cliContext().api, 'sandbox.status', {})));
}

async function report(options: OutputOptions, work: () => Promise<SandboxStatus>): Promise<void> {
  try {
    printResult(options, await work(), describeSandbox);
  } catch (error) {
    printError(options, error);
  }
}

function describeSandbox(status: SandboxStatus): string {
  if (status.state === 'absent') {
    const next = status.canCreate ? 'Create it with `tidemark sandbox create`.' : '';
    return ['No sandbox.', status.reason ?? '', next].filter(Boolean).join('\n');
  }
  const lines = [
    `Sandbox: ${status.state} (PostgreSQL ${status.majorVersion}) on 127.0.0.1:${status.port}`,
    `  data:     ${status.dataDir}`,
    `  WAL to:   ${status.archiveDir}`,
    `  database: ${status.sampleDatabase}, user postgres, password in ${status.pgpassFile}`,
    `  connect:  PGPASSFILE=${status.pgpassFile} psql -h 127.0.0.1 -p ${status.port} -U postgres ${status.sampleDatabase}`,
  ];
  if (status.portChange)
    lines.push(`Port ${status.portChange.from} was taken by another program: the sandbox moved to ${status.portChange.to} (its profile follows).`);
  return lines.join('\n');
}
