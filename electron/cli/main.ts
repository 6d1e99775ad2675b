import { Command } from 'commander';
import { registerToolsCommand } from './commands/tools';
import { registerHealthCommand } from './commands/health';
import { registerSandboxCommand } from './commands/sandbox';
import { registerSnapshotCommand } from './commands/snapshot';
import { registerProfileCommand } from './commands/profile';
import { registerBackupCommand } from './commands/backup';
import { registerBackupsCommand } from './commands/backups';
import { registerImportCommand } from './commands/import';
import { registerRestoreCommand } from './commands/restore';
import { registerVerifyCommand } from './commands/verify';
import { registerPitrCommand } from './commands/pitr';
import { registerClustersCommand } from './commands/clusters';
import { registerRestorePointCommand } from './commands/restore-point';
import { registerArchiveCommand } from './commands/archive';
import { registerWalCommand } from './commands/wal';
import { registerPhysicalBackupCommand } from './commands/physical';
import { registerScheduleCommand } from './commands/schedule';
import { registerDaemonCommand } from './commands/daemon';
import { registerNotifyCommand } from './commands/notify';
import { registerRetentionCommand } from './commands/retention';
import { cliContext } from './cli-context';
import { printError } from './output';
import { TidemarkError } from '../../shared/domain/errors';

declare const __TIDEMARK_VERSION__: string | undefined;

const program = new Command()
  .name('tidemark')
  .description('PostgreSQL backup and recovery from the command line (the same services as the Tidemark app).')
  .version(typeof __TIDEMARK_VERSION__ === 'string' ? __TIDEMARK_VERSION__ : 'dev')
  .showHelpAfterError();

registerToolsCommand(program);
registerSandboxCommand(program);
registerProfileCommand(program);
registerBackupCommand(program);
registerBackupsCommand(program);
registerVerifyCommand(program);
registerRestoreCommand(program);
registerImportCommand(program);
registerPitrCommand(program);
registerClustersCommand(program);
registerRestorePointCommand(program);
registerArchiveCommand(program);
registerWalCommand(program);
registerPhysicalBackupCommand(program);
registerScheduleCommand(program);
registerDaemonCommand(program);
registerNotifyCommand(program);
// After registerBackupsCommand: it adds `backups pin` and `backups unpin` to that group.
registerRetentionCommand(program);
registerSnapshotCommand(program);
registerHealthCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // An option's value refused while parsing (positiveInteger and the like throw TidemarkErrors):
  // reported like any other bad input (stderr, JSON with --json, exit 2), not as a crash.
  if (!(error instanceof TidemarkError)) throw error;
  printError({ json: process.argv.includes('--json') }, error);
} finally {
  // Jobs started by a command have been awaited by it; anything left (a cancelled wait) ends here.
  await cliContext().services.jobs.cancelAll();
}
