import type { Command } from 'commander';
import type { ArchiveApplyResult, ArchiveSetupPlan, ArchiverStatus, ArchiveVerification } from '../../../shared/domain/archiving';
import { TidemarkError } from '../../../shared/domain/errors';
import { formatLsn } from '../../../shared/domain/wal';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { addConnectionOptions, subjectFromOptions, type ConnectionOptions } from '../connection-options';
import type { OutputOptions } from '../output';
import { followJob } from '../run-job';
import { connectionRefOf, positiveInteger, runCommand } from './backup-cli-common';
import { forOutput } from './wal';

interface SetupOptions extends ConnectionOptions, OutputOptions {
  apply?: boolean;
  method: string;
  archiveTimeout?: number;
  restart?: boolean;
  verify: boolean;
}

const methods = ['auto', 'basic_archive', 'archive_command'] as const;

export function registerArchiveCommand(program: Command): void {
  const archive = program.command('archive').description('WAL archiving into the repository: set it up, verify it, watch the archiver');

  addConnectionOptions(archive.command('setup').description('show what archiving into the repository needs (and with --apply, do it and verify it)'))
    .option('--apply', 'run ALTER SYSTEM + pg_reload_conf(), then verify with pg_switch_wal()')
    .option('--method <method>', `${methods.join(' | ')}`, 'auto')
    .option('--archive-timeout <seconds>', 'also set archive_timeout (bounds how long a commit waits unarchived)', positiveInteger('--archive-timeout'))
    .option('--restart', 'restart the server when a setting needs it (Tidemark-managed local clusters only)')
    .option('--no-verify', 'do not verify after applying')
    .option('--json', 'print one JSON document (progress goes to stderr)')
    .action((options: SetupOptions) =>
      runCommand(
        options,
        async () => {
          if (!(methods as readonly string[]).includes(options.method))
            throw new TidemarkError('invalid_input', `--method ${options.method} is not one of ${methods.join(', ')}.`);
          const context = cliContext();
          const server = connectionRefOf(subjectFromOptions(context.services, options));
          const request = {
            server,
            repositoryDir: options.repo,
            method: options.method as (typeof methods)[number],
            archiveTimeoutSeconds: options.archiveTimeout,
          };
          if (!options.apply) return forOutput(options, { plan: (await call(context.api, 'archive.plan', request)) as ArchiveSetupPlan, result: null });
          const { jobId } = await call(context.api, 'archive.apply', { ...request, restart: Boolean(options.restart), verify: options.verify });
          const result = await followJob(context, 'archive.setup', jobId);
          return forOutput(options, { plan: result.plan, result });
        },
        ({ plan, result }) => (result ? describeApply(result) : describePlan(plan)),
        ({ result }) => (result && result.verification && result.verification.status !== 'works' ? 1 : 0),
      ),
    );

  addConnectionOptions(archive.command('verify').description('switch to a new WAL segment and wait for it in the repository and in pg_stat_archiver'))
    .option('--timeout <seconds>', 'how long to wait', positiveInteger('--timeout'), 60)
    .option('--json', 'print one JSON document')
    .action((options: ConnectionOptions & OutputOptions & { timeout: number }) =>
      runCommand(
        options,
        async () => {
          const context = cliContext();
          const server = connectionRefOf(subjectFromOptions(context.services, options));
          const { jobId } = await call(context.api, 'archive.verify', { server, repositoryDir: options.repo, timeoutMs: Math.max(1, options.timeout) * 1000 });
          return followJob(context, 'archive.verify', jobId);
        },
        describeVerification,
        (verification) => (verification.status === 'works' ? 0 : 1),
      ),
    );

  addConnectionOptions(archive.command('status').description('pg_stat_archiver, segments waiting, the current WAL position, and warnings'))
    .option('--json', 'print one JSON document')
    .action((options: ConnectionOptions & OutputOptions) =>
      runCommand(
        options,
        async () => {
          const context = cliContext();
          const status = await call(context.api, 'archive.status', { server: connectionRefOf(subjectFromOptions(context.services, options)) });
          return forOutput(options, status);
        },
        describeStatus,
        (status) => (status.warnings.some((w) => w.severity === 'critical') ? 1 : 0),
      ),
    );
}

function describePlan(plan: ArchiveSetupPlan): string {
  const lines = [`Archive into ${plan.archiveDir} (cluster ${plan.server.systemIdentifier}, PostgreSQL ${plan.server.serverVersion})`, ''];
  for (const check of plan.checks)
    lines.push(
      `  [${check.status.toUpperCase()}] ${check.id}: ${check.current}${check.status === 'change' ? ` → ${check.wanted}` : ''}\n         ${check.why}`,
    );
  lines.push(
    '',
    `Method: ${plan.method.kind === 'basic_archive' ? `archive_library = basic_archive` : `archive_command = ${plan.method.command}`}`,
    `  ${plan.methodWhy}`,
  );
  lines.push(`  Why not the runbooks' command: ${plan.naiveCommandWhyNot}`);
  if (plan.changes.length) {
    lines.push('', 'Changes (ALTER SYSTEM):');
    for (const change of plan.changes) lines.push(`  ${change.name}: '${change.from}' → '${change.to}'  (${change.takesEffectOn})`);
  }
  for (const blocker of plan.blockers) lines.push(`\nBLOCKED: ${blocker}`);
  if (plan.alreadyConfigured) lines.push('', 'Archiving is configured; run `tidemark archive verify` to prove it works.');
  else if (!plan.blockers.length)
    lines.push(
      '',
      `Run again with --apply to make the changes${plan.restartNeeded ? '; a restart is needed afterwards' + (plan.managedClusterId ? ' (add --restart: Tidemark manages this cluster)' : '') : ''}.`,
    );
  return lines.join('\n');
}

function describeApply(result: ArchiveApplyResult): string {
  const lines = [result.applied.length ? `Applied: ${result.applied.map((c) => c.name).join(', ')} (configuration reloaded).` : 'Nothing needed changing.'];
  if (result.restart === 'done') lines.push('The cluster was restarted.');
  if (result.pendingRestart.length) {
    lines.push(
      `Waiting for a restart: ${result.pendingRestart.join(', ')}. ${result.plan.managedClusterId ? 'Run again with --restart, or restart it yourself,' : 'Restart the server'} then run \`tidemark archive verify\`.`,
    );
  }
  if (result.verification) lines.push(describeVerification(result.verification));
  return lines.join('\n');
}

function describeVerification(verification: ArchiveVerification): string {
  switch (verification.status) {
    case 'works':
      return `Archiving works: segment ${verification.segment} reached the repository and pg_stat_archiver counted it (${verification.waitedMs} ms).`;
    case 'failing':
      return `Archiving FAILS: ${verification.message}`;
    case 'timed-out':
      return `Archiving not confirmed: ${verification.message}`;
    case 'inactive':
      return `Archiving is not active: ${verification.message}`;
  }
}

function describeStatus(status: ArchiverStatus): string {
  const lines = [
    `archive_mode ${status.archiveMode}${status.configured ? '' : ' (nothing configured to archive with)'}`,
    `archived ${status.archivedCount}, last ${status.lastArchivedWal ?? '-'} at ${status.lastArchivedTime ?? '-'}`,
    `failed ${status.failedCount}, last ${status.lastFailedWal ?? '-'} at ${status.lastFailedTime ?? '-'}`,
    `waiting (.ready): ${status.readyCount ?? `unknown (${status.readyCountProblem})`}`,
    `current WAL: ${formatLsn(status.currentLsn)} in ${status.currentWalFile || '-'}`,
  ];
  for (const warning of status.warnings) lines.push(`${warning.severity.toUpperCase()}: ${warning.message}`);
  if (status.warnings.length === 0) lines.push('No warnings.');
  return lines.join('\n');
}
