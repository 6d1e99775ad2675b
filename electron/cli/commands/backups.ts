import type { Command } from 'commander';
import { backupStatuses, type BackupContents, type BackupList, type BackupManifest, type BackupStatus } from '../../../shared/domain/backup';
import { TidemarkError } from '../../../shared/domain/errors';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { table, type OutputOptions } from '../output';
import { runCommand } from './backup-cli-common';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationMsWithTenths } from '../../../shared/format/duration';

interface ListOptions extends OutputOptions {
  profile?: string;
  repo?: string;
  db?: string;
  status?: string;
}

export function registerBackupsCommand(program: Command): void {
  const backups = program.command('backups').description('the backup history, read from the repository');

  backups
    .command('list')
    .description('every backup, newest first, with status, size, duration and verification')
    .option('--profile <name>', "only this profile's backups")
    .option('--repo <dir>', "only this repository folder (default: the app's and every profile's)")
    .option('--db <name>', 'only backups of this database')
    .option('--status <status>', backupStatuses.join(' | '))
    .option('--json', 'print one JSON document')
    .action((options: ListOptions) =>
      runCommand(
        options,
        async () => {
          const { services, api } = cliContext();
          if (options.status && !(backupStatuses as readonly string[]).includes(options.status)) {
            throw new TidemarkError('invalid_input', `--status ${options.status} is not one of ${backupStatuses.join(', ')}.`);
          }
          const profileId = options.profile ? services.profiles.findByName(options.profile).id : undefined;
          return call(api, 'backups.list', {
            repositoryDir: options.repo,
            profileId,
            database: options.db,
            status: options.status as BackupStatus | undefined,
          });
        },
        describeList,
      ),
    );

  backups
    .command('show')
    .description("a backup's manifest: server, tool, options, files and checksums, tables with row counts, verifications")
    .argument('<id>', 'the backup id')
    .option('--repo <dir>', 'the repository folder holding it')
    .option('--contents', 'also list its contents (the table of contents as a tree)')
    .option('--log', 'also print its log')
    .option('--json', 'print one JSON document')
    .action((id: string, options: OutputOptions & { repo?: string; contents?: boolean; log?: boolean }) =>
      runCommand(
        options,
        async () => {
          const { api } = cliContext();
          const manifest = await call(api, 'backups.get', { id, repositoryDir: options.repo });
          const contents = options.contents ? await call(api, 'backups.contents', { id, repositoryDir: options.repo }) : null;
          return options.json && !contents ? manifest : { manifest, contents };
        },
        (value) => {
          const { manifest, contents } =
            'manifest' in value
              ? (value as { manifest: BackupManifest; contents: BackupContents | null })
              : { manifest: value as BackupManifest, contents: null };
          return describeManifest(manifest, Boolean(options.log)) + (contents ? '\n\n' + describeContents(contents) : '');
        },
      ),
    );

  backups
    .command('delete')
    .description('delete a backup from the repository (its folder and files)')
    .argument('<id>', 'the backup id')
    .requiredOption('--confirm <id>', 'the same id again, to confirm')
    .option('--repo <dir>', 'the repository folder holding it')
    .option('--json', 'print one JSON document')
    .action((id: string, options: OutputOptions & { confirm: string; repo?: string }) =>
      runCommand(
        options,
        () => call(cliContext().api, 'backups.delete', { id, confirm: options.confirm, repositoryDir: options.repo }),
        (r) => `Deleted backup ${r.id}.`,
      ),
    );
}

function describeList(list: BackupList): string {
  const lines: string[] = [];
  if (list.backups.length === 0) lines.push(`No backups in ${list.repositories.join(', ')}.`);
  else {
    const rows = [['ID', 'STATUS', 'DATABASE', 'FORMAT', 'SIZE', 'DURATION', 'PROFILE', 'VERIFIED']];
    for (const b of list.backups) {
      rows.push([
        b.id,
        b.status,
        b.database ?? `(${b.kind})`,
        b.format ?? '-',
        formatBytes(b.totalBytes),
        formatDurationMsWithTenths(b.durationMs),
        b.profile?.name ?? '-',
        b.verification,
      ]);
    }
    lines.push(table(rows));
  }
  for (const u of list.unreadable) lines.push(`warning: ${u.id} in ${u.repositoryDir} cannot be read: ${u.problem}`);
  return lines.join('\n');
}

function describeManifest(manifest: BackupManifest, withLog: boolean): string {
  const lines = [
    `Backup ${manifest.id} (${manifest.kind}${manifest.origin === 'imported' ? ', imported' : ''}): ${manifest.status.toUpperCase()}`,
    ...(manifest.failure ? [`  ${manifest.failure.message}`] : []),
    `  profile     ${manifest.profile?.name ?? '-'}`,
    `  server      ${manifest.server ? `${manifest.server.label}, PostgreSQL ${manifest.server.version ?? '?'}, system ${manifest.server.systemIdentifier ?? '?'}` : '-'}`,
    `  tool        ${manifest.tool ? `${manifest.tool.name} ${manifest.tool.version} ${manifest.tool.path}` : '-'}`,
    `  started     ${manifest.startedAt}`,
    `  duration    ${formatDurationMsWithTenths(manifest.durationMs)}`,
    `  size        ${formatBytes(manifest.totalBytes)} in ${manifest.files.length} file(s)`,
  ];
  if (manifest.kind === 'logical') {
    const logical = manifest.logical;
    lines.push(`  database    ${logical.database}`, `  format      ${logical.format}`);
    if (logical.command.length)
      lines.push(
        `  command     ${logical.command
          .slice(1)
          .filter((a) => !a.startsWith('--dbname='))
          .join(' ')}`,
      );
    if (logical.tables.length) {
      lines.push('', 'Tables');
      lines.push(table([['  TABLE', 'ROWS'], ...logical.tables.map((t) => [`  ${t.schema}.${t.name}`, t.rows === null ? '-' : String(t.rows)])]));
    }
  }
  if (manifest.files.length) {
    lines.push('', 'Files');
    lines.push(table(manifest.files.map((f) => [`  ${f.path}`, formatBytes(f.sizeBytes), f.sha256 ?? '(checksum in backup_manifest)'])));
  }
  if (manifest.verifications.length) {
    lines.push('', 'Verifications');
    for (const v of manifest.verifications)
      lines.push(`  ${v.at}  ${v.ok ? 'ok    ' : 'FAILED'}  ${v.checks.map((c) => `${c.kind}: ${c.summary}`).join('; ')}`);
  }
  if (withLog) {
    lines.push('', 'Log');
    for (const l of manifest.log) lines.push(`  ${l.at} ${l.level === 'info' ? '' : l.level.toUpperCase() + ' '}${l.text}`);
  }
  return lines.join('\n');
}

function describeContents(contents: BackupContents): string {
  const lines = [`Contents: ${contents.totalEntries} entries, ${contents.tableCount} tables`];
  for (const schema of contents.schemas) {
    lines.push(`  ${schema.name}/`);
    for (const o of schema.objects) lines.push(`    ${o.type.padEnd(18)} ${o.name}`);
  }
  if (contents.global.length) {
    lines.push('  (outside schemas)/');
    for (const o of contents.global) lines.push(`    ${o.type.padEnd(18)} ${o.name}`);
  }
  return lines.join('\n');
}
