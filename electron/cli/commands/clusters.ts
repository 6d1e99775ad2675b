import type { Command } from 'commander';
import { TidemarkError } from '../../../shared/domain/errors';
import { parseTargetTime } from '../../../shared/domain/pitr-time';
import type { ManagedClusterView, RecoveryTargetInput } from '../../../shared/domain/pitr';
import { call } from '../../api/local-api';
import type { ManagedClusters } from '../../clusters/managed-clusters';
import type { ManagedClusterRecord } from '../../settings/settings-store';
import { cliContext } from '../cli-context';
import { table, type OutputOptions } from '../output';
import { followJob } from '../run-job';
import { recoveryJobKinds } from '../../../shared/contract/pitr';
import { runCommand } from './backup-cli-common';
import type { RecoveryTargetOptions } from './recovery-target-options';

/** A managed cluster by id or exact name (then case-insensitively). */
export function findManagedCluster({ clusters }: { readonly clusters: ManagedClusters }, idOrName: string): ManagedClusterRecord {
  const records = clusters.list();
  const found =
    records.find((r) => r.id === idOrName) ?? records.find((r) => r.name === idOrName) ?? records.find((r) => r.name.toLowerCase() === idOrName.toLowerCase());
  if (!found) {
    throw new TidemarkError('cluster_not_found', `Tidemark manages no cluster named "${idOrName}".`, {
      hint: records.length
        ? `Clusters: ${records.map((r) => `${r.name} (${r.id})`).join(', ')}.`
        : 'There are none yet: `tidemark sandbox create`, or a recovery with `tidemark pitr`.',
    });
  }
  return found;
}

export function registerClustersCommand(program: Command): void {
  const clusters = program
    .command('clusters')
    .description('local clusters Tidemark manages: the sandbox and recovered copies, run as the invoking user')
    .addHelpText('after', '\nThe CLI leaves clusters as they are when it exits: a started or recovered cluster keeps running until `clusters stop`.');

  clusters
    .command('list')
    .description('every managed cluster, its state, port and recovery')
    .option('--json', 'print one JSON document')
    .action((options: OutputOptions) => runCommand(options, () => call(cliContext().api, 'clusters.list', {}), describeList));

  clusters
    .command('start')
    .argument('<cluster>', 'id or name')
    .description('start it (it keeps running after this command exits)')
    .option('--json', 'print one JSON document')
    .action((cluster: string, options: OutputOptions) =>
      runCommand(
        options,
        () => call(cliContext().api, 'clusters.start', { clusterId: findManagedCluster(cliContext().services, cluster).id }),
        (view) =>
          `${describeOne(view)}${view.portChange ? `\nPort ${view.portChange.from} was taken: moved to ${view.portChange.to} (its profile follows).` : ''}`,
      ),
    );

  clusters
    .command('stop')
    .argument('<cluster>', 'id or name')
    .description('stop it')
    .option('--json', 'print one JSON document')
    .action((cluster: string, options: OutputOptions) =>
      runCommand(options, () => call(cliContext().api, 'clusters.stop', { clusterId: findManagedCluster(cliContext().services, cluster).id }), describeOne),
    );

  clusters
    .command('remove')
    .argument('<cluster>', 'id or name')
    .description('stop a recovered cluster and delete its data directory, folder and profile')
    .requiredOption('--confirm <name>', "the cluster's name, typed to confirm")
    .option('--json', 'print one JSON document')
    .action((cluster: string, options: OutputOptions & { confirm: string }) =>
      runCommand(
        options,
        () => call(cliContext().api, 'clusters.remove', { clusterId: findManagedCluster(cliContext().services, cluster).id, confirmName: options.confirm }),
        (removed) => `Removed ${removed.clusterId}.`,
      ),
    );

  clusters
    .command('resume')
    .argument('<cluster>', 'id or name of a recovered cluster paused for inspection')
    .description('end its recovery at the target and promote it')
    .option('--json', 'print one JSON document')
    .action((cluster: string, options: OutputOptions) =>
      runCommand(
        options,
        async () => {
          const context = cliContext();
          const { jobId } = await call(context.api, 'pitr.resume', { clusterId: findManagedCluster(context.services, cluster).id });
          return followJob(context, recoveryJobKinds, jobId);
        },
        (result) => `${result.end.message}\n  last replayed commit: ${result.lastReplayedCommitTime ?? 'none'}\n  port: ${result.port}`,
      ),
    );

  clusters
    .command('retarget')
    .argument('<cluster>', 'id or name of a recovered cluster paused for inspection')
    .description('move its target later and replay on (it pauses again, or promotes with --promote)')
    .option('--target-time <ts>', 'the new target instant (with an offset or zone)')
    .option('--time-zone <zone>', 'the zone of a --target-time written without one')
    .option('--target-lsn <lsn>', 'the new target WAL position')
    .option('--target-xid <xid>', 'the new target transaction')
    .option('--target-name <name>', 'the new target restore point')
    .option('--latest', 'replay everything the archive holds (then promote)')
    .option('--exclusive', 'stop just before the target')
    .option('--promote', 'promote at the new target instead of pausing again')
    .option('--json', 'print one JSON document')
    .action((cluster: string, options: OutputOptions & RecoveryTargetOptions & { promote?: boolean }) =>
      runCommand(
        options,
        async () => {
          const context = cliContext();
          let target: RecoveryTargetInput;
          if (options.targetTime) {
            const parsed = parseTargetTime(options.targetTime, options.timeZone);
            if (!parsed.ok) throw new TidemarkError('invalid_input', parsed.message);
            target = { kind: 'time', at: parsed.utc };
          } else if (options.targetLsn) target = { kind: 'lsn', lsn: options.targetLsn };
          else if (options.targetXid) target = { kind: 'xid', xid: Number(options.targetXid) };
          else if (options.targetName) target = { kind: 'name', name: options.targetName };
          else if (options.latest) target = { kind: 'latest' };
          else throw new TidemarkError('invalid_input', 'Give the new target: --target-time, --target-lsn, --target-xid, --target-name or --latest.');
          const { jobId } = await call(context.api, 'pitr.retarget', {
            clusterId: findManagedCluster(context.services, cluster).id,
            target,
            inclusive: !options.exclusive,
            promote: Boolean(options.promote),
          });
          return followJob(context, recoveryJobKinds, jobId);
        },
        (result) => `${result.end.message}\n  target: ${result.target.description}\n  last replayed commit: ${result.lastReplayedCommitTime ?? 'none'}`,
      ),
    );
}

function describeOne(view: ManagedClusterView): string {
  const recovery = view.recovery ? `, ${view.recovery.status} at ${view.recovery.target.description}` : '';
  return `${view.name} (${view.id}): ${view.state} on 127.0.0.1:${view.port}${recovery}\n  data: ${view.dataDir}\n  log:  ${view.serverLog}`;
}

function describeList(views: ManagedClusterView[]): string {
  if (views.length === 0) return 'No managed clusters.';
  const rows = [['ID', 'NAME', 'ROLE', 'STATE', 'PORT', 'RECOVERY', 'DATA DIRECTORY']];
  for (const view of views) {
    rows.push([
      view.id,
      view.name,
      view.role,
      view.state,
      String(view.port),
      view.recovery ? `${view.recovery.status}: ${view.recovery.target.description}` : '-',
      view.dataDir,
    ]);
  }
  const old = views.flatMap((view) => view.oldDataDirs);
  return (
    table(rows) +
    (old.length
      ? `\n\nOld data directories (moved aside by in-place recoveries):\n${old.map((dir) => `  ${dir.clusterName}: ${dir.path} (${(dir.sizeBytes / 1048576).toFixed(0)} MB)`).join('\n')}`
      : '')
  );
}
