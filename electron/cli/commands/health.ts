import type { Command } from 'commander';
import { TidemarkError } from '../../../shared/domain/errors';
import {
  exitCodeOf,
  healthCheckNames,
  type HealthCheckName,
  type HealthCheckResult,
  type HealthSnapshot,
  type HealthState,
} from '../../../shared/domain/health';
import { formatCheckValue } from '../../../shared/format/health-value';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { table, type OutputOptions } from '../output';
import { runCommand } from './backup-cli-common';

interface HealthOptions extends OutputOptions {
  profile?: string;
  check: string[];
}

/** What `tidemark health --json` prints (docs/cli-json.md). */
export interface HealthReport {
  profile: { id: string; name: string };
  state: HealthState;
  /** 0 green, 1 amber, 2 red (or the server down), 3 unknown: check_postgres / Nagios. */
  exitCode: 0 | 1 | 2 | 3;
  sampledAt: string | null;
  server: HealthSnapshot['server'];
  /** Set when the server did not answer. */
  down: { code: string; message: string } | null;
  checks: HealthCheckResult[];
}

function profileName(name: string | undefined): string {
  if (!name) throw new TidemarkError('invalid_input', 'Name the profile with --profile <name>.');
  return name;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function checkNamesOf(requested: string[]): HealthCheckName[] | null {
  if (requested.length === 0) return null;
  const unknown = requested.filter((name) => !(healthCheckNames as readonly string[]).includes(name));
  if (unknown.length) throw new TidemarkError('invalid_input', `Unknown check ${unknown.join(', ')}.`, { hint: `Checks: ${healthCheckNames.join(', ')}.` });
  return requested as HealthCheckName[];
}

export function healthReport(snapshot: HealthSnapshot, only: HealthCheckName[] | null): HealthReport {
  const checks = only ? snapshot.checks.filter((c) => only.includes(c.name)) : snapshot.checks;
  const down = snapshot.poll.kind === 'down' ? { code: snapshot.poll.reason.code, message: snapshot.poll.reason.message } : null;
  const states = checks.map((c) => c.state);
  const worst: HealthState = down
    ? 'red'
    : states.includes('red')
      ? 'red'
      : states.includes('amber')
        ? 'amber'
        : states.includes('green')
          ? 'green'
          : 'unknown';
  return {
    profile: { id: snapshot.profileId, name: snapshot.profileName },
    state: worst,
    exitCode: exitCodeOf(worst),
    sampledAt: snapshot.sampledAt,
    server: snapshot.server,
    down,
    checks,
  };
}

function describeReport(report: HealthReport): string {
  const head = `${report.profile.name}: ${report.state.toUpperCase()}${report.server ? ` (PostgreSQL ${report.server.version}, as ${report.server.role})` : ''}`;
  if (report.down) return `${head}\nserver down: ${report.down.message}`;
  const rows = [['CHECK', 'STATE', 'VALUE', 'AMBER', 'RED', 'DETAIL']];
  for (const c of report.checks) {
    rows.push([
      c.name,
      c.state,
      formatCheckValue(c.value, c.unit),
      formatCheckValue(c.threshold.amber, c.unit),
      formatCheckValue(c.threshold.red, c.unit),
      c.problem?.message ?? c.detail ?? '',
    ]);
  }
  return `${head}\n${table(rows)}`;
}

/** One line a tick for `tidemark health watch`. */
function summaryLine(snapshot: HealthSnapshot): string {
  const time = (snapshot.sampledAt ?? new Date().toISOString()).slice(11, 19);
  if (snapshot.poll.kind === 'down') return `${time} DOWN ${snapshot.poll.reason.message} (retry ${snapshot.poll.nextRetryAt.slice(11, 19)})`;
  const a = snapshot.panels.activity.data;
  const rates = snapshot.panels.throughput.data?.rates;
  const pick = (name: HealthCheckName) => snapshot.checks.find((c) => c.name === name);
  const parts = [
    `${time} ${snapshot.state.toUpperCase().padEnd(7)}`,
    a ? `conn ${a.clientConnections}/${a.usableConnections}` : 'conn -',
    rates ? `tps ${rates.transactionsPerSecond.toFixed(1)}` : `tps - (${snapshot.panels.throughput.data?.gap ?? 'no data'})`,
    `cache ${formatCheckValue(pick('cache-hit')?.value ?? null, 'percent')}`,
    `longest ${formatCheckValue(pick('long-queries')?.value ?? null, 'seconds')}`,
    `blocked ${snapshot.panels.locks.data?.blockedSessions ?? '-'}`,
    `xid ${formatCheckValue(pick('xid-wraparound')?.value ?? null, 'percent')}`,
  ];
  const alerts = snapshot.checks.filter((c) => c.state === 'red' || c.state === 'amber').map((c) => `${c.name}=${c.state}`);
  return `${parts.join('  ')}${alerts.length ? `  [${alerts.join(' ')}]` : ''}`;
}

export function registerHealthCommand(program: Command): void {
  const health = program
    .command('health')
    .description('a one-shot health report of a profile’s server: exit 0 green, 1 amber, 2 red, 3 unknown')
    // Not required here: `health watch --profile P` is parsed by this command too (commander hands it the option).
    .option('--profile <name>', 'the connection profile')
    .option('--check <name>', `only this check (repeatable): ${healthCheckNames.join(', ')}`, collect, [])
    .option('--json', 'print one JSON document')
    .action((options: HealthOptions) =>
      runCommand(
        options,
        async () => {
          const only = checkNamesOf(options.check);
          const context = cliContext();
          const profile = context.services.profiles.findByName(profileName(options.profile));
          const snapshot = await call(context.api, 'health.snapshot', { profileId: profile.id, fresh: true });
          await context.services.health.dispose();
          return healthReport(snapshot, only);
        },
        describeReport,
        (report) => report.exitCode,
      ),
    );

  health
    .command('watch')
    .description('a compact live summary, one line a tick, until Ctrl-C')
    .option('--profile <name>', 'the connection profile')
    .option('--interval <seconds>', 'seconds between ticks (1-60)', (v) => Number(v), 2)
    .option('--json', 'one JSON snapshot a line')
    .action(async (options: OutputOptions & { profile?: string; interval: number }) => {
      const context = cliContext();
      const profile = context.services.profiles.findByName(profileName(options.profile ?? health.opts<{ profile?: string }>().profile));
      const watcherId = `cli-${process.pid}`;
      context.services.events.on('health.sample', (event) => {
        if (event.profileId !== profile.id) return;
        process.stdout.write(`${options.json ? JSON.stringify(event.snapshot) : summaryLine(event.snapshot)}\n`);
      });
      const renew = () => call(context.api, 'health.watch', { profileId: profile.id, watcherId, intervalSeconds: options.interval });
      await renew();
      // The lease is a minute: renewed every 20 s while the command runs.
      const timer = setInterval(() => void renew().catch(() => undefined), 20_000);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      clearInterval(timer);
      await call(context.api, 'health.unwatch', { profileId: profile.id, watcherId }).catch(() => undefined);
      await context.services.health.dispose();
    });
}
