import type { Command } from 'commander';
import { call } from '../../api/local-api';
import { describeBrokenFile } from '../../repository/checksums';
import { cliContext } from '../cli-context';
import { addConnectionOptions, type ConnectionOptions } from '../connection-options';
import type { OutputOptions } from '../output';
import { followJob } from '../run-job';
import { optionalConnection, runCommand } from './backup-cli-common';

export function registerVerifyCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('verify')
      .description(
        "re-check a backup: every file's SHA-256 (the first broken file is named) and that pg_restore can read it, or for a base backup pg_verifybackup; exits 1 when it fails",
      )
      .argument('<id>', 'the backup id')
      .option('--test-restore', "also restore it into a scratch database on its server (or --profile/--conn) and compare every table's row count")
      .option('--json', 'print one JSON document (progress goes to stderr)'),
  ).action((id: string, options: ConnectionOptions & OutputOptions & { testRestore?: boolean }) =>
    runCommand(
      options,
      async () => {
        const context = cliContext();
        const connection = optionalConnection(context.services, options);
        const { jobId } = await call(context.api, 'backups.verify', {
          id,
          repositoryDir: options.repo,
          testRestore: Boolean(options.testRestore),
          ...(connection ? { connection } : {}),
        });
        return followJob(context, 'backup.verify', jobId);
      },
      ({ backupId, verification }) => {
        const lines = [`Backup ${backupId}: ${verification.ok ? 'verified' : 'VERIFICATION FAILED'}`];
        for (const check of verification.checks) lines.push(`  ${check.ok ? 'ok    ' : 'FAILED'}  ${check.kind}: ${check.summary}`);
        if (verification.firstBrokenFile) lines.push(`First broken file: ${describeBrokenFile(verification.firstBrokenFile)}`);
        for (const t of verification.testRestore?.tables.filter((t) => !t.matches) ?? [])
          lines.push(`  ${t.schema}.${t.name}: ${t.actualRows ?? 'missing'} rows, ${t.expectedRows ?? '?'} in the backup`);
        for (const p of verification.testRestore?.problems ?? []) lines.push(`  ${p}`);
        return lines.join('\n');
      },
      ({ verification }) => (verification.ok ? 0 : 1),
    ),
  );
}
