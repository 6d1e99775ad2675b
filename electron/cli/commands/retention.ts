import type { Command } from 'commander';
import type { RetentionApplyRequest, RetentionPlanRequest } from '../../../shared/contract/retention';
import { TidemarkError } from '../../../shared/domain/errors';
import {
  formatRetentionRules,
  parseRetentionRules,
  retentionRuleNames,
  type BackupPin,
  type RetentionApplyResult,
  type RetentionHistoryEntry,
  type RetentionPlan,
} from '../../../shared/domain/retention';
import { describeRetentionPolicy, type ProfileRetentionPolicy, type RetentionPolicy } from '../../../shared/domain/retention-policy';
import { formatBytes } from '../../../shared/format/bytes';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { table, type OutputOptions } from '../output';
import { commandGroup, positiveInteger, runCommand } from './backup-cli-common';

interface RuleOptions extends OutputOptions {
  profile: string;
  repo?: string;
  tz?: string;
  retention?: string;
  keepLast?: number;
  keepWithin?: string;
  keepHourly?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  keepYearly?: number;
}

/** The policy from --keep-* flags or from --retention RULES (the schedule's text), not both. */
export function policyFromOptions(options: RuleOptions): RetentionPolicy {
  const fromFlags: RetentionPolicy = {};
  for (const [, field] of retentionRuleNames) {
    const value = options[field];
    if (value !== undefined) Object.assign(fromFlags, { [field]: value });
  }
  if (options.retention !== undefined) {
    if (Object.keys(fromFlags).length > 0) {
      throw new TidemarkError('invalid_input', 'Give the rules either as --keep-… flags or as --retention RULES, not both.');
    }
    const parsed = parseRetentionRules(options.retention);
    if (!parsed.ok) throw new TidemarkError('invalid_input', `--retention: ${parsed.message}`);
    return parsed.policy;
  }
  return fromFlags;
}

/** The --keep-… flags and --retention RULES, shared by plan, apply and policy set. */
function withRuleFlags(command: Command): Command {
  return command
    .option('--keep-last <n>', 'the N newest backups of each series', positiveInteger('--keep-last'))
    .option('--keep-within <duration>', 'every backup started within this long before now: 12h, 7d, 2w, 6m, 1y')
    .option('--keep-hourly <n>', 'the newest backup of each of the N latest hours that have one', positiveInteger('--keep-hourly'))
    .option('--keep-daily <n>', 'the newest backup of each of the N latest days that have one', positiveInteger('--keep-daily'))
    .option('--keep-weekly <n>', 'the same per ISO week', positiveInteger('--keep-weekly'))
    .option('--keep-monthly <n>', 'the same per month', positiveInteger('--keep-monthly'))
    .option('--keep-yearly <n>', 'the same per year', positiveInteger('--keep-yearly'))
    .option('--retention <rules>', 'the rules as one text instead, as schedules take them: keep-last=10,keep-daily=7');
}

function withRules(command: Command): Command {
  return withRuleFlags(command.requiredOption('--profile <name>', 'the profile whose backups to weigh'))
    .option('--tz <zone>', "the IANA time zone whose days, weeks and months count (default: the machine's)")
    .option('--repo <dir>', "the repository folder (default: the profile's)")
    .option('--json', 'print one JSON document');
}

function planRequest(options: RuleOptions): RetentionPlanRequest {
  const { services } = cliContext();
  const policy = policyFromOptions(options);
  return {
    profileId: services.profiles.findByName(options.profile).id,
    // No rule given: the profile's stored policy (the service refuses when there is none).
    ...(Object.keys(policy).length > 0 ? { policy } : {}),
    timeZone: options.tz,
    repositoryDir: options.repo,
  };
}

/** The CLI's JSON says "flags" where the contract says the rules came with the request. */
type CliPolicySource = 'flags' | 'profile';
type CliRetentionPlan = Omit<RetentionPlan, 'policySource'> & { policySource: CliPolicySource };

function cliPlan(plan: RetentionPlan): CliRetentionPlan {
  return { ...plan, policySource: plan.policySource === 'request' ? 'flags' : 'profile' };
}

export function registerRetentionCommand(program: Command): void {
  const retention = program.command('retention').description('which backups a policy keeps and why, and applying it (backups and the WAL that goes with them)');

  withRules(retention.command('plan').description('a dry run: every backup with keep or delete and the reason, the WAL pruned with them, bytes freed')).action(
    (options: RuleOptions) => runCommand(options, async () => cliPlan(await call(cliContext().api, 'retention.plan', planRequest(options))), describePlan),
  );

  withRules(retention.command('apply').description('plan again and carry the plan out; more than half of the backups deleted needs --confirm'))
    .option('--confirm', 'confirm a plan that deletes more than half of the backups')
    .option('--expect <fingerprint>', 'the fingerprint of a plan you looked at: if the plan is now different, nothing is deleted')
    .action((options: RuleOptions & { confirm?: boolean; expect?: string }) =>
      runCommand(
        options,
        async () => {
          const request: RetentionApplyRequest = {
            ...planRequest(options),
            confirm: Boolean(options.confirm),
            expectedFingerprint: options.expect,
            trigger: 'cli',
          };
          const result = await call(cliContext().api, 'retention.apply', request);
          return { ...result, plan: cliPlan(result.plan) };
        },
        describeApplied,
        (result) => (result.failures.length > 0 ? 1 : 0),
      ),
    );

  registerPolicyCommands(retention);

  retention
    .command('history')
    .description('what earlier retention runs deleted, newest first')
    .option('--profile <name>', "only this profile's runs")
    .option('--repo <dir>', "the repository folder (default: the profile's, else the app's)")
    .option('--limit <n>', 'runs to show', positiveInteger('--limit'), 20)
    .option('--json', 'print one JSON document')
    .action((options: OutputOptions & { profile?: string; repo?: string; limit: number }) =>
      runCommand(
        options,
        () => {
          const { services, api } = cliContext();
          const profileId = options.profile ? services.profiles.findByName(options.profile).id : undefined;
          return call(api, 'retention.history', { profileId, repositoryDir: options.repo, limit: Math.max(1, options.limit) });
        },
        describeHistory,
      ),
    );

  const backups = commandGroup(program, 'backups', 'the backup history, read from the repository');
  backups
    .command('pin')
    .description('keep a backup whatever retention rules say: forever, or through a date')
    .argument('<id>', 'the backup id')
    .option('--until <date>', 'YYYY-MM-DD: kept through the end of that day (in the zone retention counts in)')
    .option('--note <text>', 'why it is kept, for whoever reads the pins')
    .option('--repo <dir>', 'the repository folder holding it')
    .option('--json', 'print one JSON document')
    .action((id: string, options: OutputOptions & { until?: string; note?: string; repo?: string }) =>
      runCommand(
        options,
        () => call(cliContext().api, 'retention.pin', { backupId: id, until: options.until ?? null, note: options.note, repositoryDir: options.repo }),
        (pin: BackupPin) => `Pinned ${pin.backupId} ${pin.until ? `through ${pin.until}` : 'forever'}: retention keeps it.`,
      ),
    );
  backups
    .command('unpin')
    .description('let retention rules decide about a pinned backup again')
    .argument('<id>', 'the backup id')
    .option('--repo <dir>', 'the repository folder holding it')
    .option('--json', 'print one JSON document')
    .action((id: string, options: OutputOptions & { repo?: string }) =>
      runCommand(
        options,
        () => call(cliContext().api, 'retention.unpin', { backupId: id, repositoryDir: options.repo }),
        (r) => (r.wasPinned ? `Unpinned ${r.backupId}.` : `${r.backupId} was not pinned.`),
      ),
    );
}

function describePlan(plan: CliRetentionPlan): string {
  const source = plan.policySource === 'profile' ? "the profile's stored policy" : 'given by the flags';
  const lines = [
    `Retention plan for ${plan.profile.name} in ${plan.repositoryDir}`,
    `  policy ${formatRetentionRules(plan.policy)} (${source}), days counted in ${plan.timeZone}, at ${plan.now}`,
    '',
  ];
  for (const series of plan.series) lines.push(`${series.label}: keep ${series.kept}, delete ${series.deleted}`);
  if (plan.backups.length > 0) {
    lines.push('');
    const rows = [['ID', 'KIND', 'STARTED', 'SIZE', 'ACTION', 'REASON']];
    for (const b of plan.backups) {
      rows.push([
        b.id,
        b.kind === 'logical' ? `logical ${b.database ?? ''}`.trim() : 'physical',
        b.startedAt,
        formatBytes(b.totalBytes),
        b.action.toUpperCase(),
        b.reason,
      ]);
    }
    lines.push(table(rows));
  } else lines.push(`No backups of ${plan.profile.name} in ${plan.repositoryDir}.`);
  for (const u of plan.unreadable) lines.push(`warning: ${u.id} cannot be read (kept): ${u.problem}`);
  for (const wal of plan.wal) {
    lines.push('', `WAL of cluster ${wal.systemIdentifier} (${wal.archiveDir}):`);
    lines.push(
      wal.segmentsPruned === 0
        ? '  nothing to prune'
        : `  prune ${wal.segmentsPruned} segment file(s), ${formatBytes(wal.bytesPruned)}: ${wal.firstPruned} … ${wal.lastPruned}`,
    );
    for (const t of wal.timelines)
      lines.push(`  timeline ${t.timeline}: prune ${t.prunedCount}, keep ${t.keptCount}${t.keepFrom ? ` from ${t.keepFrom}` : ''} (${t.why})`);
    lines.push(`  ${wal.historyAndBackupFilesKept} .history and .backup file(s) are always kept`);
    for (const note of wal.notes) lines.push(`  ${note}`);
  }
  for (const note of plan.notes) lines.push('', `note: ${note}`);
  lines.push(
    '',
    `Keeps ${plan.kept}, deletes ${plan.deleted} backup(s) and ${plan.walSegmentsPruned} WAL segment file(s): frees ${formatBytes(plan.bytesFreed)}.`,
    plan.needsConfirmation ? `It deletes more than half of the backups: apply needs --confirm.` : '',
    `Plan fingerprint ${plan.fingerprint} (apply --expect ${plan.fingerprint} deletes nothing if the plan has changed).`,
  );
  return lines.filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n');
}

function describeApplied(result: Omit<RetentionApplyResult, 'plan'> & { plan: CliRetentionPlan }): string {
  const lines = [
    `Deleted ${result.deleted} backup(s) of ${result.plan.profile.name}, kept ${result.kept}, pruned ${result.walSegmentsPruned} WAL segment file(s): freed ${formatBytes(result.bytesFreed)}.`,
  ];
  for (const s of result.skipped) lines.push(`  left ${s.id}: ${s.why}`);
  for (const f of result.failures) lines.push(`  FAILED ${f.id}: ${f.message}`);
  lines.push(`Recorded in ${result.historyFile}.`);
  return lines.join('\n');
}

function describeHistory(entries: RetentionHistoryEntry[]): string {
  if (entries.length === 0) return 'No retention run recorded.';
  const rows = [['WHEN', 'PROFILE', 'TRIGGER', 'POLICY', 'KEPT', 'DELETED', 'WAL', 'FREED']];
  for (const e of entries) {
    rows.push([
      e.at,
      e.profile.name,
      e.scheduleName ? `${e.trigger} ${e.scheduleName}` : e.trigger,
      formatRetentionRules(e.policy),
      String(e.kept),
      String(e.deleted.length),
      String(e.wal.reduce((sum, w) => sum + w.segmentsPruned, 0)),
      formatBytes(e.bytesFreed),
    ]);
  }
  return table(rows);
}

interface PolicyOptions extends OutputOptions {
  profile: string;
  repo?: string;
}

/** `tidemark retention policy show|set|clear`: the profile's stored policy, used when no rules are given. */
function registerPolicyCommands(retention: Command): void {
  const policy = retention
    .command('policy')
    .description("the profile's stored retention policy: used by plan and apply without rules, and by schedules without rules of their own");
  const common = (command: Command) =>
    command
      .requiredOption('--profile <name>', 'the profile')
      .option('--repo <dir>', "the repository folder (default: the profile's)")
      .option('--json', 'print one JSON document');
  const profileId = (options: PolicyOptions) => cliContext().services.profiles.findByName(options.profile).id;

  common(policy.command('show').description("the profile's stored policy, or that it has none")).action((options: PolicyOptions) =>
    runCommand(options, () => call(cliContext().api, 'retention.policy', { profileId: profileId(options), repositoryDir: options.repo }), describeStoredPolicy),
  );

  withRuleFlags(common(policy.command('set').description("store the profile's policy (replacing its earlier one); one that keeps nothing is refused"))).action(
    (options: PolicyOptions & RuleOptions) =>
      runCommand(
        options,
        () => {
          const rules = policyFromOptions(options);
          if (Object.keys(rules).length === 0) {
            throw new TidemarkError('invalid_input', 'Give the policy as --keep-… flags or --retention RULES (for example --keep-last 7 --keep-weekly 4).');
          }
          return call(cliContext().api, 'retention.setPolicy', { profileId: profileId(options), policy: rules, repositoryDir: options.repo });
        },
        describeStoredPolicy,
      ),
  );

  common(policy.command('clear').description("remove the profile's policy: runs without rules of their own then delete nothing")).action(
    (options: PolicyOptions) =>
      runCommand(
        options,
        () => call(cliContext().api, 'retention.clearPolicy', { profileId: profileId(options), repositoryDir: options.repo }),
        (result) =>
          result.wasSet
            ? `Cleared the retention policy of ${options.profile}: schedules without rules of their own delete nothing now.`
            : `${options.profile} had no retention policy.`,
      ),
  );
}

function describeStoredPolicy(view: ProfileRetentionPolicy): string {
  if (!view.stored) {
    return `No retention policy is stored for this profile in ${view.repositoryDir}: retention plan and apply need rules, and schedules without rules of their own delete nothing.`;
  }
  const { stored } = view;
  return [
    `Retention policy of ${stored.profileName}: ${formatRetentionRules(stored.policy)}`,
    `  ${describeRetentionPolicy(stored.policy)}; set ${stored.updatedAt}, in ${view.repositoryDir}`,
    "  Used by retention plan and apply when no rules are given, and after each run of a schedule that uses the profile's policy.",
  ].join('\n');
}
