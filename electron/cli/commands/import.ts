import { resolve } from 'node:path';
import type { Command } from 'commander';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import type { OutputOptions } from '../output';
import { runCommand } from './backup-cli-common';
import { formatBytes } from '../../../shared/format/bytes';

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('add a dump made elsewhere (.dump, directory, .tar, .sql, or gzipped) to the history: copied into the repository and read back')
    .argument('<file>', 'the dump file or directory (left untouched)')
    .option('--profile <name>', 'the profile it belongs to (its server is where it restores by default)')
    .option('--repo <dir>', "the repository folder (default: the profile's, else the app's)")
    .option('--db <name>', 'the database it came from, when the dump does not say (plain SQL)')
    .option('--json', 'print the manifest as one JSON document')
    .action((file: string, options: OutputOptions & { profile?: string; repo?: string; db?: string }) =>
      runCommand(
        options,
        async () => {
          const { services, api } = cliContext();
          const profileId = options.profile ? services.profiles.findByName(options.profile).id : undefined;
          return call(api, 'backups.import', { path: resolve(file), repositoryDir: options.repo, profileId, database: options.db });
        },
        (m) =>
          `Imported as backup ${m.id}: ${m.logical.database}, ${m.logical.format} format, ${m.logical.tables.length} tables, ${formatBytes(m.totalBytes)}.\n${m.verifications[0]?.checks.map((c) => c.summary).join('; ') ?? ''}`,
      ),
    );
}
