import type { Schedule, SchedulesOverview } from '../../../shared/contract/schedules';
import type { LogicalFormat } from '../../../shared/domain/backup';
import type { RunnerLease } from '../../../shared/domain/schedule';

const formatNames: Record<LogicalFormat, string> = { custom: 'custom format', directory: 'directory format', tar: 'tar format', plain: 'plain SQL' };

/** What a schedule backs up, in one line: "shop, inventory · pg_dump, custom format". */
export function describeScheduledBackup(backup: Schedule['backup']): string {
  if (backup.kind === 'physical') {
    const compression = backup.compression === 'none' ? 'uncompressed' : backup.compression;
    return `the whole cluster · pg_basebackup, ${backup.format}, ${compression}${backup.verify ? ', verified' : ''}`;
  }
  const databases = backup.databases === 'all' ? 'all databases' : backup.databases.join(', ');
  const partial = [backup.options.schemas, backup.options.excludeSchemas, backup.options.tables, backup.options.excludeTables].some((list) => list.length > 0);
  return `${databases}${partial ? ' (some schemas or tables)' : ''} · pg_dump, ${formatNames[backup.options.format]}${backup.testRestoreAfter ? ', test-restored' : ''}`;
}

const hostNames: Record<RunnerLease['host'], string> = {
  electron: 'the Tidemark app',
  web: 'Tidemark in browser mode',
  daemon: 'tidemark daemon',
  cli: 'a tidemark command',
  test: 'a test',
};

export type RunnerStatus = { state: 'none'; text: string } | { state: 'stale'; text: string } | { state: 'running'; thisProcess: boolean; text: string };

/** Who runs a repository's schedules, for the top of the Schedules page. */
export function runnerStatus(owner: SchedulesOverview['owner']): RunnerStatus {
  if (!owner) {
    return {
      state: 'none',
      text: 'No process runs these schedules now. The Tidemark app, browser mode and tidemark daemon each take them over within 30 s of starting (or of the first schedule being saved); until one does, their slots are missed.',
    };
  }
  const who = `${hostNames[owner.host]} (pid ${owner.pid} on ${owner.hostname})`;
  if (owner.stale) {
    return {
      state: 'stale',
      text: `${who} held them, but it has not checked in since ${new Date(owner.heartbeatAt).toLocaleString()}: it is gone. The next Tidemark process to look takes them over.`,
    };
  }
  const whoStarts = `${who[0]!.toUpperCase()}${who.slice(1)}`;
  return owner.isThisProcess
    ? { state: 'running', thisProcess: true, text: `${whoStarts}: the process this window talks to starts their backups.` }
    : {
        state: 'running',
        thisProcess: false,
        text: `${whoStarts} starts their backups, not the process this window talks to; “Run now” asks it to (at its next look, within 30 s).`,
      };
}
