import type { Command } from 'commander';
import { TidemarkError } from '../../../shared/domain/errors';
import { parseTargetTime } from '../../../shared/domain/pitr-time';
import type { RecoveryPlan, RecoveryRequestInput, RecoveryResult, RecoveryTargetInput } from '../../../shared/domain/pitr';
import { formatLsn } from '../../../shared/domain/wal';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { addConnectionOptions, type ConnectionOptions } from '../connection-options';
import { table, type OutputOptions } from '../output';
import { followJob } from '../run-job';
import { recoveryJobKinds } from '../../../shared/contract/pitr';
import { optionalConnection, runCommand } from './backup-cli-common';
import { findManagedCluster } from './clusters';
import type { RecoveryTargetOptions } from './recovery-target-options';
import { formatDurationMsWithTenths } from '../../../shared/format/duration';

interface PitrOptions extends ConnectionOptions, OutputOptions, RecoveryTargetOptions {
  immediate?: boolean;
  timeline?: string;
  backup?: string;
  dataDir?: string;
  port?: string;
  inPlace?: boolean;
  confirm?: string;
  pause?: boolean;
  name?: string;
  cluster?: string;
  plan?: boolean;
}

export function registerPitrCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('pitr')
      .description(
        'point-in-time recovery: restore a base backup and replay archived WAL to a target, into a new data directory (or in place into a cluster Tidemark manages); leaves the recovered server running',
      )
      .option(
        '--target-time <ts>',
        'recover to this instant: "2026-11-21 14:31:00+01", "...Z", "2026-11-21 14:31 Europe/Paris" (a time without a zone needs --time-zone)',
      )
      .option('--time-zone <zone>', 'the zone of a --target-time written without one (Europe/Paris, UTC, +02:00)')
      .option('--target-lsn <lsn>', 'recover to this WAL position, e.g. 0/3000028')
      .option('--target-xid <xid>', 'recover to the commit of this transaction id')
      .option('--target-name <name>', 'recover to this named restore point (tidemark restore-point NAME)')
      .option('--latest', 'recover everything the archive holds')
      .option('--immediate', 'recover to the end of the base backup (its earliest consistent point)')
      .option('--exclusive', 'stop just before the target instead of just after it')
      .option('--timeline <n>', 'the timeline to recover along: a number, or latest (default)')
      .option('--backup <id>', 'the base backup to start from (default: the latest usable one that ended before the target)')
      .option('--data-dir <dir>', 'a new (absent or empty) data directory for the recovered cluster')
      .option('--port <n>', 'its port on 127.0.0.1 (default: a free one)')
      .option('--in-place', 'replace a cluster Tidemark manages instead (its data directory is moved aside, never deleted); needs --confirm')
      .option('--confirm <name>', "with --in-place: the managed cluster's name, typed to confirm")
      .option('--pause', 'pause at the target for inspection instead of promoting (then `tidemark clusters resume|retarget`)')
      .option('--name <name>', 'a name for the recovered cluster')
      .option('--cluster <system-id>', 'without --profile/--conn: which cluster of the repository (when it holds several)')
      .option('--plan', 'print the plan (base backup, WAL, the exact settings) and exit without changing anything')
      .option('--json', 'print one JSON document (progress goes to stderr)'),
  ).action((options: PitrOptions) =>
    runCommand(
      options,
      async () => {
        const context = cliContext();
        const { request, interpretedAs } = requestFromOptions(options);
        if (options.plan) {
          const outcome = await call(context.api, 'pitr.plan', request);
          if (outcome.kind === 'refused') {
            throw new TidemarkError('recovery_refused', outcome.refusal.message, {
              hint: outcome.refusal.nextStep,
              details: { endState: outcome.refusal.state.kind },
            });
          }
          return { kind: 'plan' as const, plan: outcome.plan, interpretedAs };
        }
        const { jobId, plan } = await call(context.api, 'pitr.start', request);
        if (!options.json)
          process.stderr.write(
            `Recovering to ${plan.target.description}${interpretedAs ? ` (read as ${interpretedAs})` : ''} from base backup ${plan.backup.id}.\n`,
          );
        const result = await followJob(context, recoveryJobKinds, jobId);
        return { kind: 'result' as const, result, interpretedAs };
      },
      (value) => (value.kind === 'plan' ? describePlan(value.plan, value.interpretedAs) : describeResult(value.result, value.interpretedAs)),
    ),
  );
}

function requestFromOptions(options: PitrOptions): { request: RecoveryRequestInput; interpretedAs: string | null } {
  const chosen = [options.targetTime, options.targetLsn, options.targetXid, options.targetName, options.latest, options.immediate].filter(
    (v) => v !== undefined && v !== false,
  );
  if (chosen.length !== 1) {
    throw new TidemarkError('invalid_input', chosen.length === 0 ? 'Say where to recover to.' : 'Give only one target.', {
      hint: 'Use one of --target-time, --target-lsn, --target-xid, --target-name, --latest, --immediate.',
    });
  }
  let target: RecoveryTargetInput;
  let interpretedAs: string | null = null;
  if (options.targetTime !== undefined) {
    const parsed = parseTargetTime(options.targetTime, options.timeZone);
    if (!parsed.ok) throw new TidemarkError('invalid_input', parsed.message);
    target = { kind: 'time', at: parsed.utc };
    interpretedAs = `${parsed.utc} (${parsed.interpretedAs})`;
  } else if (options.targetLsn !== undefined) target = { kind: 'lsn', lsn: options.targetLsn };
  else if (options.targetXid !== undefined) {
    const xid = Number(options.targetXid);
    if (!Number.isInteger(xid) || xid < 3) throw new TidemarkError('invalid_input', `--target-xid takes a transaction id, not "${options.targetXid}".`);
    target = { kind: 'xid', xid };
  } else if (options.targetName !== undefined) target = { kind: 'name', name: options.targetName };
  else if (options.latest) target = { kind: 'latest' };
  else target = { kind: 'immediate' };
  if (options.timeZone && options.targetTime === undefined) throw new TidemarkError('invalid_input', '--time-zone goes with --target-time.');

  const context = cliContext();
  let destination: RecoveryRequestInput['destination'];
  if (options.inPlace) {
    if (options.dataDir || options.port)
      throw new TidemarkError('invalid_input', "--in-place recovers into the cluster's own data directory and port: leave out --data-dir and --port.");
    if (!options.confirm)
      throw new TidemarkError('invalid_input', '--in-place needs --confirm NAME: the name of the managed cluster to replace.', {
        hint: 'See `tidemark clusters list`.',
      });
    const record = findManagedCluster(context.services, options.confirm);
    destination = { kind: 'in-place', clusterId: record.id, confirmName: options.confirm };
  } else {
    if (options.confirm) throw new TidemarkError('invalid_input', '--confirm goes with --in-place.');
    if (!options.dataDir)
      throw new TidemarkError('invalid_input', 'Say where the recovered cluster goes: --data-dir DIR (a new or empty folder), or --in-place --confirm NAME.');
    const port = options.port === undefined ? undefined : Number(options.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 1024 || port > 65535))
      throw new TidemarkError('invalid_input', `--port takes a port from 1024 to 65535, not "${options.port}".`);
    destination = { kind: 'new-directory', dataDir: resolvePath(options.dataDir), ...(port !== undefined ? { port } : {}) };
  }

  const connection = optionalConnection(context.services, options);
  if (connection && options.cluster)
    throw new TidemarkError('invalid_input', '--cluster picks a cluster of the repository when no server is named: leave it out with --profile/--conn.');
  const timeline = options.timeline === undefined || options.timeline === 'latest' ? 'latest' : Number(options.timeline);
  if (timeline !== 'latest' && (!Number.isInteger(timeline) || timeline < 1))
    throw new TidemarkError('invalid_input', `--timeline takes a number or latest, not "${options.timeline}".`);
  return {
    request: {
      source: connection ? { kind: 'server', server: connection } : { kind: 'repository', ...(options.cluster ? { systemIdentifier: options.cluster } : {}) },
      ...(options.repo ? { repositoryDir: resolvePath(options.repo) } : {}),
      target,
      inclusive: !options.exclusive,
      timeline,
      ...(options.backup ? { backupId: options.backup } : {}),
      destination,
      pauseForInspection: Boolean(options.pause),
      ...(options.name ? { name: options.name } : {}),
    },
    interpretedAs,
  };
}

function resolvePath(path: string): string {
  return path.startsWith('/') ? path : `${process.cwd()}/${path}`;
}

function describePlan(plan: RecoveryPlan, interpretedAs: string | null): string {
  const lines = [
    `Plan: recover cluster ${plan.systemIdentifier} to ${plan.target.description}`,
    ...(interpretedAs ? [`  target time:  ${interpretedAs}`] : []),
    `  base backup:  ${plan.backup.id} (ended ${plan.backup.stopTime ?? formatLsn(plan.backup.stopLsn)}, timeline ${plan.backup.timeline}, ${plan.backup.format}${plan.backup.compression ? ` ${plan.backup.compression}` : ''})`,
    `  WAL:          ${plan.wal.firstSegment} … ${plan.wal.lastSegment ?? '(found while replaying)'}, ${plan.wal.segmentCount} segments from ${plan.wal.archiveDir}`,
    plan.destination.kind === 'in-place'
      ? `  destination:  ${plan.destination.clusterName} in place (${plan.destination.dataDir}, moved aside first), port ${plan.destination.port}`
      : `  destination:  ${plan.destination.dataDir}, port ${plan.destination.port}`,
    '  postgresql.auto.conf:',
    ...plan.settingsLines.map((line) => `    ${line}`),
    '  steps:',
    ...plan.steps.map((step, i) => `    ${i + 1}. ${step}`),
  ];
  if (plan.alternatives.length) lines.push(`  other usable backups: ${plan.alternatives.map((b) => b.id).join(', ')}`);
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

function describeResult(result: RecoveryResult, interpretedAs: string | null): string {
  const connect = `psql -h ${result.socketDir} -p ${result.port} -U ${result.superuser} postgres`;
  const lines = [
    `${result.end.state.kind === 'promoted' ? 'Promoted' : 'Paused'}: ${result.end.message}`,
    `  target:                ${result.target.description}${interpretedAs ? ` — read as ${interpretedAs}` : ''}`,
    ...(result.stopPoint ? [`  stopped:               ${result.stopPoint}`] : []),
    `  last replayed commit:  ${result.lastReplayedCommitTime ?? 'none replayed'}`,
    `  cluster:               ${result.clusterName} (${result.clusterId})${result.timeline ? `, timeline ${result.timeline}` : ''}`,
    `  port:                  ${result.port} on 127.0.0.1`,
    `  data directory:        ${result.dataDir}`,
    ...(result.previousDataDir ? [`  previous data kept in: ${result.previousDataDir}`] : []),
    `  connect:               ${connect}`,
    `  took:                  ${formatDurationMsWithTenths(result.elapsedMs)}, ${result.segmentsRestored} segments fetched from the archive`,
    `Next: ${result.end.nextStep}`,
  ];
  if (result.tables.length) {
    lines.push('', table([['DATABASE', 'TABLE', 'ROWS'], ...result.tables.map((t) => [t.database, `${t.schema}.${t.table}`, String(t.rows)])]));
  } else lines.push('', 'No user tables.');
  if (result.tablesNotCounted) lines.push(`(${result.tablesNotCounted} more tables not counted)`);
  if (result.tablesLocked.length) {
    lines.push(
      `Locked by a transaction in progress at the target, readable once promoted: ${result.tablesLocked.map((t) => `${t.database}.${t.schema}.${t.table}`).join(', ')}`,
    );
  }
  return lines.join('\n');
}
