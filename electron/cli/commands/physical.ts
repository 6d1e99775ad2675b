import type { Command } from 'commander';
import { TidemarkError } from '../../../shared/domain/errors';
import { basebackupFormats, formatCompressionSpec } from '../../../shared/domain/physical';
import { formatLsn } from '../../../shared/domain/wal';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { addConnectionOptions, subjectFromOptions, type ConnectionOptions } from '../connection-options';
import type { OutputOptions } from '../output';
import { followJob } from '../run-job';
import { commandGroup, connectionRefOf, positiveInteger, runCommand } from './backup-cli-common';
import { forOutput } from './wal';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationMsWithTenths } from '../../../shared/format/duration';

interface PhysicalOptions extends ConnectionOptions, OutputOptions {
  format: string;
  compress: string;
  checkpoint: string;
  label?: string;
  verify: boolean;
  maxRate?: number;
}

/** `tidemark backup physical`: a subcommand of the `backup` group the logical backups also use. */
export function registerPhysicalBackupCommand(program: Command): void {
  const backup = commandGroup(program, 'backup', 'take a backup');
  addConnectionOptions(
    backup.command('physical').description('a base backup of the whole cluster with pg_basebackup (WAL streamed into it), verified with pg_verifybackup'),
  )
    .option('--format <format>', basebackupFormats.join(' | '), 'tar')
    .option('--compress <spec>', 'none, gzip, lz4, zstd, or LOCATION-METHOD[:DETAIL] such as server-zstd:level=3,workers=2', 'none')
    .option('--checkpoint <mode>', 'fast | spread', 'fast')
    .option('--label <label>', 'the backup label (default: tidemark <backup id>)')
    .option('--max-rate <kBps>', 'throttle the transfer (kB/s)', positiveInteger('--max-rate'))
    .option('--no-verify', 'skip pg_verifybackup')
    .option('--json', 'print one JSON document (LSNs as X/Y; progress goes to stderr)')
    .action((options: PhysicalOptions) =>
      runCommand(
        options,
        async () => {
          if (!(basebackupFormats as readonly string[]).includes(options.format))
            throw new TidemarkError('invalid_input', `--format ${options.format} is not one of ${basebackupFormats.join(', ')}.`);
          if (options.checkpoint !== 'fast' && options.checkpoint !== 'spread') throw new TidemarkError('invalid_input', '--checkpoint is fast or spread.');
          const context = cliContext();
          const { jobId } = await call(context.api, 'physical.backup', {
            server: connectionRefOf(subjectFromOptions(context.services, options)),
            repositoryDir: options.repo,
            format: options.format as (typeof basebackupFormats)[number],
            compression: options.compress,
            checkpoint: options.checkpoint,
            label: options.label,
            verify: options.verify,
            maxRateKbps: options.maxRate,
          });
          return forOutput(options, await followJob(context, 'backup.physical', jobId));
        },
        ({ backup, durationMs }) => {
          const points = backup.points!;
          const verification = backup.verification;
          return [
            `Backup ${backup.id}: ${backup.format}, ${formatCompressionSpec(backup.compression)}, ${formatBytes(backup.totalBytes)} in ${formatDurationMsWithTenths(durationMs)}`,
            `  WAL ${formatLsn(points.startLsn)} → ${formatLsn(points.stopLsn)} on timeline ${points.timeline}; ${points.startTime} → ${points.stopTime}`,
            `  pg_verifybackup: ${verification?.status === 'passed' ? `passed (${verification.method})` : verification?.status === 'failed' ? 'FAILED' : `not run: ${verification && 'reason' in verification ? verification.reason : ''}`}`,
            `  usable for point-in-time recovery: ${backup.pitr?.usable ? `yes (WAL in the ${backup.pitr.walSource === 'both' ? 'backup and the archive' : backup.pitr.walSource})` : `not yet: ${backup.pitr && !backup.pitr.usable ? backup.pitr.reason : ''}`}`,
          ].join('\n');
        },
      ),
    );
}
