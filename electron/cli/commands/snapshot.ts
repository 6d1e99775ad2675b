import type { Command } from 'commander';
import type { RequestOutput } from '../../../shared/contract';
import type { SnapshotComparison } from '../../../shared/domain/snapshot';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationMs } from '../../../shared/format/duration';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { table, type OutputOptions } from '../output';
import { followJob } from '../run-job';
import { runCommand } from './backup-cli-common';

interface CreateOptions extends OutputOptions {
  profile: string;
  db: string;
  name?: string;
  note?: string;
  ttl?: string;
  terminate?: boolean;
}

function describeList(list: RequestOutput<'snapshots.list'>): string {
  if (list.snapshots.length === 0 && list.unrecorded.length === 0) return 'No snapshots.';
  const rows = list.snapshots.map((s) => [
    s.name,
    s.sourceDatabase,
    s.createdAt.slice(0, 19).replace('T', ' '),
    formatBytes(s.sizeBytes),
    s.kind,
    s.preparedDatabase ? 'ready' : s.preparedCopies ? 'preparing' : 'off',
    s.note ?? '',
  ]);
  const lines = [table([['NAME', 'DATABASE', 'CREATED', 'SIZE', 'KIND', 'PREPARED COPY', 'NOTE'], ...rows])];
  for (const u of list.unrecorded)
    lines.push(`unrecorded: ${u.database} (snapshot ${u.id}, ${formatBytes(u.sizeBytes)}) carries Tidemark's comment but no record names it`);
  lines.push(`Disk used by snapshots and their prepared copies: ${formatBytes(list.totalBytes)}.`);
  return lines.join('\n');
}

function describeComparison(c: SnapshotComparison): string {
  const lines = [`${c.database} compared with snapshot ${c.snapshot}:`];
  for (const t of c.tablesAdded) lines.push(`  + table ${t}`);
  for (const t of c.tablesDropped) lines.push(`  - table ${t}`);
  for (const t of c.tablesAltered) {
    lines.push(`  ~ table ${t.table}`);
    for (const col of t.columnsAdded) lines.push(`      + column ${col}`);
    for (const col of t.columnsDropped) lines.push(`      - column ${col}`);
    for (const change of t.typesChanged) lines.push(`      ~ column ${change.column}: ${change.from} → ${change.to}`);
    for (const index of t.indexesAdded) lines.push(`      + ${index}`);
    for (const index of t.indexesDropped) lines.push(`      - ${index}`);
    for (const constraint of t.constraintsAdded) lines.push(`      + constraint ${constraint}`);
    for (const constraint of t.constraintsDropped) lines.push(`      - constraint ${constraint}`);
  }
  const changed = c.rowCounts.filter((r) => r.snapshot !== r.current);
  lines.push(changed.length ? 'Row counts (snapshot → now):' : 'Row counts: unchanged.');
  for (const r of changed) lines.push(`  ${r.table}: ${r.snapshot ?? '—'} → ${r.current ?? '—'}`);
  return lines.join('\n');
}

/**
 * The CLI's process ends with the command, and the background preparation with it: wait for the
 * prepared copy (progress on stderr) so that the next restore renames it. durationMs is the
 * create's or restore's own time; a preparation that fails (no room) leaves the slow path.
 */
async function awaitPreparation(jobId: string | null, options: OutputOptions): Promise<void> {
  if (!jobId) return;
  await followJob(cliContext(), 'snapshots.prepare', jobId, { quiet: options.json }).catch((error: Error) => {
    process.stderr.write(`The prepared copy was not made (${error.message}): the next restore copies from the template.\n`);
  });
}

export function registerSnapshotCommand(program: Command): void {
  const snapshot = program.command('snapshot').description('dev database snapshots: save a local database and roll back to it in well under a second');

  snapshot
    .command('create')
    .description('CREATE DATABASE tidemark_snap_<id> TEMPLATE the database; a prepared copy for the fast restore follows in the background')
    .requiredOption('--profile <name>', 'a managed cluster or a profile marked as a development server')
    .requiredOption('--db <database>', 'the database to snapshot')
    .option('--name <name>', 'what to call it (default: the database and the time)')
    .option('--note <text>', 'a note shown beside it')
    .option('--ttl <duration>', 'drop it at cleanup after this long: 90m, 12h, 7d, 2w')
    .option('--terminate', 'end the other sessions on the database (else it refuses, naming them)')
    .option('--json', 'print one JSON document')
    .action((options: CreateOptions) =>
      runCommand(
        options,
        async () => {
          const { services, api } = cliContext();
          const profileId = services.profiles.findByName(options.profile).id;
          const created = await call(api, 'snapshots.create', {
            profileId,
            database: options.db,
            name: options.name,
            note: options.note,
            ttl: options.ttl,
            terminate: Boolean(options.terminate),
          });
          await awaitPreparation(created.preparationJobId, options);
          return created;
        },
        (r) =>
          `Snapshot ${r.snapshot.name} of ${r.snapshot.sourceDatabase}: ${r.snapshot.database}, ${formatBytes(r.snapshot.sizeBytes)}, ${r.strategy}, ${formatDurationMs(r.durationMs)}.`,
      ),
    );

  snapshot
    .command('list')
    .description("the snapshots recorded here, and with --profile the server's unrecorded ones")
    .option('--profile <name>', 'only this profile (and ask its server)')
    .option('--db <database>', 'only snapshots of this database')
    .option('--json', 'print one JSON document')
    .action((options: OutputOptions & { profile?: string; db?: string }) =>
      runCommand(
        options,
        () => {
          const { services, api } = cliContext();
          return call(api, 'snapshots.list', {
            profileId: options.profile ? services.profiles.findByName(options.profile).id : undefined,
            database: options.db,
          });
        },
        describeList,
      ),
    );

  snapshot
    .command('restore <name>')
    .description(
      'put the snapshot back under its database name (renaming its prepared copy, else from the template); the replaced state stays as an undo snapshot',
    )
    .option('--terminate', 'end the other sessions on the database (else it refuses, naming them)')
    .option('--json', 'print one JSON document')
    .action((name: string, options: OutputOptions & { terminate?: boolean }) =>
      runCommand(
        options,
        async () => {
          const restored = await call(cliContext().api, 'snapshots.restore', { snapshot: name, terminate: Boolean(options.terminate) });
          await awaitPreparation(restored.preparationJobId, options);
          return restored;
        },
        (r) =>
          `Restored ${r.snapshot.name} into ${r.database} in ${formatDurationMs(r.durationMs)} (${r.path === 'rename' ? 'renamed the prepared copy' : 'copied from the template'}).` +
          (r.undo ? `\nThe replaced state is snapshot "${r.undo.name}" (restore ${r.undo.id} to undo).` : ''),
      ),
    );

  snapshot
    .command('compare <name>')
    .description('tables added, dropped or altered, and exact row counts, between the snapshot and its database now')
    .option('--json', 'print one JSON document')
    .action((name: string, options: OutputOptions) =>
      runCommand(options, () => call(cliContext().api, 'snapshots.compare', { snapshot: name }), describeComparison),
    );

  snapshot
    .command('from-backup <backupId>')
    .description("restore a logical backup of the repository into a new snapshot (on the backup's profile)")
    .requiredOption('--name <name>', 'what to call the snapshot')
    .option('--note <text>', 'a note shown beside it')
    .option('--ttl <duration>', 'drop it at cleanup after this long')
    .option('--repo <dir>', 'the repository folder (default: the profile’s, else the app’s)')
    .option('--json', 'print one JSON document')
    .action((backupId: string, options: OutputOptions & { name: string; note?: string; ttl?: string; repo?: string }) =>
      runCommand(
        options,
        async () => {
          const context = cliContext();
          const { jobId } = await call(context.api, 'snapshots.fromBackup', {
            backupId,
            name: options.name,
            note: options.note,
            ttl: options.ttl,
            repositoryDir: options.repo,
          });
          return followJob(context, 'snapshots.fromBackup', jobId, { quiet: options.json });
        },
        (r) => `Snapshot ${r.name} of ${r.sourceDatabase} from backup ${backupId}: ${r.database}, ${formatBytes(r.sizeBytes)}.`,
      ),
    );

  snapshot
    .command('delete <name>')
    .description("drop the snapshot's databases (only those carrying its comment) and its record")
    .requiredOption('--confirm <name>', "the snapshot's name again")
    .option('--json', 'print one JSON document')
    .action((name: string, options: OutputOptions & { confirm: string }) =>
      runCommand(
        options,
        () => call(cliContext().api, 'snapshots.delete', { snapshot: name, confirm: options.confirm }),
        (r) => (r.dropped.length ? `Dropped ${r.dropped.join(', ')}.` : 'Record removed; no database carried its comment.'),
      ),
    );

  snapshot
    .command('export <name>')
    .description('a logical backup of the snapshot into the repository (then verify, offsite copies and restores apply)')
    .option('--repo <dir>', "the repository folder (default: the profile's, else the app's)")
    .option('--json', 'print one JSON document')
    .action((name: string, options: OutputOptions & { repo?: string }) =>
      runCommand(
        options,
        async () => {
          const context = cliContext();
          const { jobId } = await call(context.api, 'snapshots.export', { snapshot: name, repositoryDir: options.repo });
          return followJob(context, 'backup.logical', jobId, { quiet: options.json });
        },
        (r) => r.backups.map((b) => `Backup ${b.id} of ${b.database}: ${formatBytes(b.totalBytes)}.`).join('\n'),
      ),
    );
}
