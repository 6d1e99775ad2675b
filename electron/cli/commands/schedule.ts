import type { Command } from 'commander';
import type { ScheduleInput, SchedulesOverview, ScheduleView } from '../../../shared/contract/schedules';
import { TidemarkError } from '../../../shared/domain/errors';
import {
  catchUpPolicies,
  overlapPolicies,
  parseTimeOfDay,
  presetCron,
  weekdays,
  type DstWarning,
  type ScheduleRun,
  type Weekday,
} from '../../../shared/domain/schedule';
import { formatBytes } from '../../../shared/format/bytes';
import { parseRetentionRules } from '../../../shared/domain/retention';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { table, type OutputOptions } from '../output';
import { collect, positiveInteger, runCommand } from './backup-cli-common';

interface RepoOptions extends OutputOptions {
  repo?: string;
}

interface AddOptions extends RepoOptions {
  profile: string;
  name: string;
  kind: string;
  db?: string[];
  all?: boolean;
  format?: string;
  compress?: string;
  cron?: string;
  preset?: string;
  at?: string;
  day?: string;
  minute?: number;
  tz?: string;
  catchUp: string;
  overlap: string;
  retries: number;
  retryDelay: number;
  notAfter?: number;
  heartbeat?: string;
  retention?: string;
  replace?: boolean;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new TidemarkError('invalid_input', `${flag} ${value} is not one of ${allowed.join(', ')}.`);
  return value as T;
}

/** --cron, or a --preset with --at / --day / --minute, as one cron expression. */
function cronOf(options: AddOptions): string {
  if (options.cron && options.preset) throw new TidemarkError('invalid_input', 'Give --cron or --preset, not both.');
  if (options.cron) return options.cron;
  if (!options.preset) throw new TidemarkError('invalid_input', 'A schedule needs --cron EXPR (or --preset hourly|nightly|weekly).');
  const preset = oneOf('--preset', options.preset, ['hourly', 'nightly', 'weekly'] as const);
  if (preset === 'hourly') return presetCron({ kind: 'hourly', minute: options.minute ?? 0 });
  const at = options.at ?? '02:00';
  if (!parseTimeOfDay(at)) throw new TidemarkError('invalid_input', `--at ${at} is not a time of day HH:MM (24 h).`);
  if (preset === 'nightly') return presetCron({ kind: 'nightly', at });
  return presetCron({ kind: 'weekly', at, day: oneOf('--day', (options.day ?? 'sun').toLowerCase().slice(0, 3), weekdays) as Weekday });
}

function scheduleInputOf(options: AddOptions, profileId: string): ScheduleInput {
  const kind = oneOf('--kind', options.kind, ['logical', 'physical'] as const);
  const backup: ScheduleInput['backup'] =
    kind === 'logical'
      ? {
          kind,
          databases: options.all ? 'all' : options.db?.length ? options.db : [],
          options: options.format ? { format: options.format as 'custom' } : {},
        }
      : { kind, compression: options.compress ?? 'none', ...(options.format ? { format: options.format as 'tar' } : {}) };
  if (backup.kind === 'logical' && Array.isArray(backup.databases) && backup.databases.length === 0) {
    throw new TidemarkError('invalid_input', 'A logical schedule needs --db NAME (repeatable) or --all.');
  }
  return {
    name: options.name,
    profileId,
    backup,
    timing: { cron: cronOf(options), timeZone: options.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone },
    policy: {
      catchUp: oneOf('--catch-up', options.catchUp, catchUpPolicies),
      overlap: oneOf('--overlap', options.overlap, overlapPolicies),
      retries: { count: options.retries, delaySeconds: options.retryDelay },
      ...(options.notAfter ? { startWithinMinutes: options.notAfter } : {}),
    },
    ...(options.heartbeat ? { heartbeatUrl: options.heartbeat } : {}),
    ...(options.retention ? retentionOf(options.retention) : {}),
  };
}

/**
 * --retention keep-last=10,keep-daily=7,…: the schedule's own rules after each successful run;
 * --retention profile: the profile's stored policy (tidemark retention policy set) at each run.
 */
function retentionOf(text: string): Pick<ScheduleInput, 'retention' | 'applyRetention'> {
  if (text.trim() === 'profile') return { applyRetention: true };
  const parsed = parseRetentionRules(text);
  if (!parsed.ok) throw new TidemarkError('invalid_input', `--retention ${parsed.message}`);
  return { retention: parsed.policy, applyRetention: true };
}

function describeRun(run: ScheduleRun | null): string {
  if (!run) return 'never ran';
  switch (run.status) {
    case 'running':
      return `running since ${run.startedAt}`;
    case 'succeeded':
      return `succeeded ${run.finishedAt} (${formatBytes(run.sizeBytes)})`;
    case 'failed':
      return `FAILED ${run.finishedAt}${run.interrupted ? ' (interrupted)' : ''}: ${run.error.message}${run.retryAt ? `; retry at ${run.retryAt}` : ''}`;
    case 'missed':
      return `missed ${run.slotCount} slot(s) from ${run.slot} (${run.reason})`;
  }
}

function describeView(view: ScheduleView): string {
  const { schedule } = view;
  const what =
    schedule.backup.kind === 'logical' ? `logical ${schedule.backup.databases === 'all' ? 'all databases' : schedule.backup.databases.join(', ')}` : 'physical';
  return [
    `${schedule.name}${schedule.paused ? ' (paused)' : ''}: ${what} of ${schedule.profileName}, "${schedule.timing.cron}" in ${schedule.timing.timeZone}`,
    `  next: ${view.next ? view.next.local : schedule.paused ? 'paused' : 'none'}`,
    `  last: ${describeRun(view.lastRun)}`,
    ...(view.problem ? [`  problem: ${view.problem}`] : []),
    ...view.dstWarnings.map((warning) => `  daylight saving: ${warning.message}`),
  ].join('\n');
}

function describeOverview(overview: SchedulesOverview): string {
  const owner = overview.owner;
  const runner = owner
    ? `runner: ${owner.host} pid ${owner.pid} on ${owner.hostname}${owner.stale ? ` (stale: no heartbeat since ${owner.heartbeatAt})` : ''}`
    : 'runner: none (start the app, browser mode or `tidemark daemon` to run them)';
  if (overview.schedules.length === 0) return `No schedules in ${overview.repositoryDir}.\n${runner}`;
  const rows = overview.schedules.map((view) => [
    view.schedule.name + (view.schedule.paused ? ' (paused)' : ''),
    view.schedule.profileName,
    view.schedule.backup.kind,
    view.next?.local ?? '-',
    describeRun(view.lastRun),
  ]);
  return [table([['NAME', 'PROFILE', 'KIND', 'NEXT', 'LAST'], ...rows]), runner].join('\n');
}

/** `tidemark schedule …`: backups that run themselves. */
export function registerScheduleCommand(program: Command): void {
  const schedule = program.command('schedule').description('backups that run on a schedule (run by the app, browser mode or `tidemark daemon`)');

  schedule
    .command('add')
    .description('a new schedule (or --replace one of the same name)')
    .requiredOption('--profile <name>', 'the connection profile to back up')
    .requiredOption('--name <name>', "the schedule's name")
    .requiredOption('--kind <kind>', 'logical | physical')
    .option('--db <name>', 'a database (repeatable; logical)', collect)
    .option('--all', 'every database (logical)')
    .option('--format <format>', 'custom | directory | tar | plain (logical); tar | plain (physical)')
    .option('--compress <spec>', 'physical: none, zstd, server-zstd:level=3,workers=2, …')
    .option('--cron <expr>', 'five fields: minute hour day-of-month month day-of-week, e.g. "0 2 * * *"')
    .option('--preset <preset>', 'hourly | nightly | weekly, instead of --cron')
    .option('--at <HH:MM>', 'time of day for nightly and weekly (default 02:00)')
    .option('--day <day>', 'day of the week for weekly (default sun)')
    .option('--minute <m>', 'minute of the hour for hourly (default 0)', positiveInteger('--minute'))
    .option('--tz <zone>', "IANA time zone (default: this machine's)")
    .option('--catch-up <policy>', 'slots missed while nothing ran: once (one run for all) | skip', 'once')
    .option('--overlap <policy>', 'a slot while the last run runs: skip | queue-one', 'skip')
    .option('--retries <n>', 'retries of a failed run', positiveInteger('--retries'), 2)
    .option('--retry-delay <seconds>', 'first retry delay, doubling after', positiveInteger('--retry-delay'), 300)
    .option('--not-after <minutes>', 'do not start a slot more than this many minutes late', positiveInteger('--not-after'))
    .option(
      '--retention <rules>',
      "after each successful run apply these rules (keep-last=10,keep-daily=7,keep-within=7d), or 'profile': the profile's stored policy",
    )
    .option('--heartbeat <url>', 'healthchecks.io-style URL pinged on start (/start), success and failure (/fail)')
    .option('--replace', 'replace the schedule of this name')
    .option('--repo <dir>', "the repository holding the schedules (default: the profile's, else the app's)")
    .option('--json', 'print one JSON document')
    .action((options: AddOptions) =>
      runCommand(
        options,
        async () => {
          const { services, api } = cliContext();
          const profile = services.profiles.findByName(options.profile);
          return call(api, 'schedules.save', {
            schedule: scheduleInputOf(options, profile.id),
            repositoryDir: options.repo,
            replace: options.replace ?? false,
          });
        },
        describeView,
      ),
    );

  schedule
    .command('list')
    .description('every schedule with its next run and last result, and which process runs them')
    .option('--profile <name>', "only this profile's")
    .option('--repo <dir>', 'the repository (default: the app’s)')
    .option('--json', 'print one JSON document')
    .action((options: RepoOptions & { profile?: string }) =>
      runCommand(
        options,
        async () => {
          const { services, api } = cliContext();
          const profileId = options.profile ? services.profiles.findByName(options.profile).id : undefined;
          return call(api, 'schedules.list', { repositoryDir: options.repo, profileId });
        },
        describeOverview,
      ),
    );

  /** A subcommand on one schedule by name, with --repo and --json (and `extra` options). */
  function byName<T, O extends RepoOptions = RepoOptions>(
    command: string,
    description: string,
    work: (name: string, options: O) => Promise<T>,
    human: (value: T) => string,
    extra: (command: Command) => Command = (c) => c,
  ) {
    extra(schedule.command(`${command} <name>`).description(description))
      .option('--repo <dir>', 'the repository holding the schedule')
      .option('--json', 'print one JSON document')
      .action((name: string, options: O) => runCommand(options, () => work(name, options), human));
  }

  for (const [command, request, description] of [
    ['show', 'schedules.get', 'one schedule: next run, last result, problems, daylight-saving warnings'],
    ['pause', 'schedules.pause', 'stop running it (slots while paused are not missed)'],
    ['resume', 'schedules.resume', 'run it again from now on'],
  ] as const) {
    byName(command, description, (name, options) => call(cliContext().api, request, { name, repositoryDir: options.repo }), describeView);
  }
  byName(
    'remove',
    'delete the schedule (its backups stay)',
    (name, options) => call(cliContext().api, 'schedules.remove', { name, repositoryDir: options.repo }),
    (removed) => `Removed schedule ${removed.name}.`,
  );

  byName<{ name: string; timeZone: string; next: string[]; dstWarnings: DstWarning[] }, RepoOptions & { count: number }>(
    'next',
    'the next run times (ISO 8601 with offset) and daylight-saving warnings',
    async (name, options) => {
      const { api } = cliContext();
      const view = await call(api, 'schedules.get', { name, repositoryDir: options.repo });
      const preview = await call(api, 'schedules.preview', { ...view.schedule.timing, count: options.count });
      return {
        name: view.schedule.name,
        timeZone: view.schedule.timing.timeZone,
        next: preview.upcoming.map((run) => isoWithOffset(run.local, run.at)),
        dstWarnings: preview.dstWarnings,
      };
    },
    (next) => [...next.next, ...next.dstWarnings.map((warning) => `daylight saving: ${warning.message}`)].join('\n'),
    (command) => command.option('--count <n>', 'how many', positiveInteger('--count'), 5),
  );

  byName<{ name: string; runs: ScheduleRun[] }, RepoOptions & { limit: number }>(
    'history',
    'its runs and missed slots, newest first',
    (name, options) => call(cliContext().api, 'schedules.history', { name, repositoryDir: options.repo, limit: Math.max(1, options.limit) }),
    (history) => (history.runs.length ? history.runs.map((run) => `${run.slot}  ${describeRun(run)}`).join('\n') : `${history.name} has not run yet.`),
    (command) => command.option('--limit <n>', 'how many', positiveInteger('--limit'), 20),
  );

  schedule
    .command('run-now <name>')
    .description('run it now: here when no runner holds the repository (waits for the backup), else by the runner at its next tick')
    .option('--repo <dir>', 'the repository holding the schedule')
    .option('--json', 'print one JSON document')
    .action((name: string, options: RepoOptions) =>
      runCommand(
        options,
        async () => {
          const { services, api } = cliContext();
          const started = await call(api, 'schedules.runNow', { name, repositoryDir: options.repo });
          if (started.queuedForOwner || !started.runId) return { ...started, run: null };
          // This process runs it: wait for the end, then hand the lease back.
          const runner = services.scheduler.runner();
          await runner.quiet();
          await services.scheduler.stopRunner({ graceMs: 24 * 3600_000 });
          const history = await call(api, 'schedules.history', { name, repositoryDir: options.repo, limit: 50 });
          return { ...started, run: history.runs.find((run) => run.id === started.runId) ?? null };
        },
        (result) =>
          result.queuedForOwner
            ? `Asked the runner of the repository to run ${result.name} at its next tick (within 30 s).`
            : `${result.name}: ${describeRun(result.run)}`,
        (result) => (result.run?.status === 'failed' ? 1 : 0),
      ),
    );
}

/** "2026-03-29 03:00 (+02:00)" and its instant as ISO 8601 with the zone's offset: 2026-03-29T03:00:00+02:00. */
function isoWithOffset(local: string, at: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) \(([+-]\d{2}:\d{2})\)$/.exec(local);
  return match ? `${match[1]}T${match[2]}:00${match[3]}` : at;
}
