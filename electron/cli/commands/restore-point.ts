import type { Command } from 'commander';
import { formatLsn } from '../../../shared/domain/wal';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { addConnectionOptions, subjectFromOptions, type ConnectionOptions } from '../connection-options';
import type { OutputOptions } from '../output';
import { connectionRefOf, runCommand } from './backup-cli-common';

export function registerRestorePointCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('restore-point')
      .argument('<name>', "the restore point's name (at most 63 bytes)")
      .description('create a named restore point before a risky change (pg_create_restore_point), and switch WAL so it reaches the archive now')
      .option('--no-wait', 'do not wait for the segment to be archived')
      .option('--json', 'print one JSON document'),
  ).action((name: string, options: ConnectionOptions & OutputOptions & { wait: boolean }) =>
    runCommand(
      options,
      async () => {
        const context = cliContext();
        const server = connectionRefOf(subjectFromOptions(context.services, options));
        return call(context.api, 'restorePoint.create', {
          server,
          name,
          ...(options.repo ? { repositoryDir: options.repo } : {}),
          waitForArchiveMs: options.wait ? 15_000 : 0,
        });
      },
      (point) =>
        [
          `Restore point "${point.name}" at ${formatLsn(point.lsn)} (timeline ${point.timeline}, segment ${point.segment}).`,
          point.archived ? 'Its segment is in the archive.' : 'Its segment is not archived yet: check `tidemark archive status`.',
          `Recover to it with: tidemark pitr --target-name '${point.name.replace(/'/g, "'\\''")}' --data-dir DIR`,
        ].join('\n'),
    ),
  );
}
