import { resolve } from 'node:path';
import type { Command } from 'commander';
import { TidemarkError } from '../../../shared/domain/errors';
import type { AppInfo } from '../../../shared/domain/app';
import type { ConnectionTarget, SslMode } from '../../../shared/domain/profile';
import type { Capability, ServerReport } from '../../../shared/domain/server';
import { call } from '../../api/local-api';
import { parseConnectionUri } from '../../profiles/conninfo';
import { parseSslMode } from '../../profiles/ssl-options';
import { cliContext } from '../cli-context';
import { addConnectionOptions, subjectFromOptions, type ConnectionOptions } from '../connection-options';
import { printError, printResult, table, type OutputOptions } from '../output';
import { readPasswordFromStdin } from '../password-input';

interface AddOptions extends OutputOptions {
  host?: string;
  port?: string;
  db?: string;
  user?: string;
  sslmode?: string;
  sslrootcert?: string;
  uri?: string;
  service?: string;
  passwordStdin?: boolean;
  repo?: string;
  replace?: boolean;
}

export function registerProfileCommand(program: Command): void {
  const profile = program.command('profile').description('connection profiles: the servers Tidemark backs up');

  profile
    .command('add')
    .description('save a profile: --host/--port/--db/--user, or --uri, or --service (the password from --password-stdin, never argv)')
    .argument('<name>', 'a name for the profile')
    .option('--host <host>', 'server host name or address')
    .option('--port <port>', 'server port', '5432')
    .option('--db <database>', "database (with --service: overrides the service's dbname)")
    .option('--user <user>', 'role to connect as')
    .option('--sslmode <mode>', 'disable | allow | prefer | require | verify-ca | verify-full', 'prefer')
    .option('--sslrootcert <file>', 'CA certificate file, for verify-ca and verify-full')
    .option('--uri <uri>', 'a connection URI instead of --host…: postgresql://user@host:5432/db?sslmode=require')
    .option('--service <name>', 'a service from pg_service.conf instead of --host…')
    .option('--password-stdin', 'read the password from standard input and save it (in the OS keychain; where there is none, in <home>/pgpass, mode 0600)')
    .option('--repo <dir>', "this profile's backup repository (default: the app's)")
    .option('--replace', 'update the profile of this name (without --password-stdin its saved password is kept)')
    .option('--json', 'print the saved profile as one JSON document')
    .action((name: string, options: AddOptions) =>
      run(
        options,
        async () => {
          const target = targetFromOptions(options);
          if (target.kind === 'uri' && parseConnectionUri(target.uri).password !== undefined) {
            process.stderr.write('warning: a password inside --uri is visible to other users in the process list; it is saved, but prefer --password-stdin.\n');
          }
          const { services, api } = cliContext();
          const id = options.replace ? services.profiles.findByName(name).id : undefined;
          const password = options.passwordStdin ? await readPasswordFromStdin() : undefined;
          return call(api, 'profiles.save', {
            ...(id ? { id } : {}),
            name,
            target,
            ...(password ? { password } : {}),
            ...(options.repo ? { repositoryDir: resolve(options.repo) } : {}),
          });
        },
        (view) =>
          `Saved profile "${view.name}": ${view.summary}${view.passwordSaved ? ' (password saved)' : ''}.\nTest it with: tidemark profile test ${quoteArg(view.name)}`,
      ),
    );

  profile
    .command('list')
    .description('list the saved profiles, and where their passwords are kept')
    .option('--json', 'print one JSON document: the profiles, each with secretStorage (os-keychain | pgpass-file)')
    .action((options: OutputOptions) =>
      run(
        options,
        () => call(cliContext().api, 'profiles.list', {}),
        async (views) => {
          const storage = secretStorageLine(await call(cliContext().api, 'app.info', {}));
          if (views.length === 0)
            return `No profiles. Add one with \`tidemark profile add\`, or create the sandbox with \`tidemark sandbox create\`.\n${storage}`;
          return `${table([['NAME', 'CONNECTS TO', 'PASSWORD'], ...views.map((v) => [v.name, v.summary, v.passwordSaved ? 'saved' : '-'])])}\n${storage}`;
        },
      ),
    );

  addConnectionOptions(
    profile
      .command('test')
      .description("connect, then show the server's facts and whether it is ready for logical and physical backups and point-in-time recovery")
      .argument('[name]', 'the profile (same as --profile)'),
    { repo: false },
  )
    .option('--password-stdin', 'read a one-off password from standard input')
    .option('--json', 'print the report as one JSON document')
    .action((name: string | undefined, options: ConnectionOptions & OutputOptions & { passwordStdin?: boolean }) =>
      run(
        options,
        async () => {
          const { services, api } = cliContext();
          const subject = subjectFromOptions(services, { ...options, profile: name ?? options.profile });
          const password = options.passwordStdin ? await readPasswordFromStdin() : subject.password;
          if ('profile' in subject) {
            if (password)
              throw new TidemarkError('invalid_input', 'A saved profile uses its saved password.', {
                hint: 'Save a new one with `tidemark profile add` over it, or test with --conn and --password-stdin.',
              });
            return call(api, 'profiles.test', { id: subject.profile.id });
          }
          return call(api, 'profiles.test', { target: subject.target, ...(password ? { password } : {}) });
        },
        describeReport,
      ),
    );

  profile
    .command('remove')
    .description('remove a profile and its saved password (its backups stay in the repository)')
    .argument('<name>', 'the profile')
    .option('--json', 'print one JSON document')
    .action((name: string, options: OutputOptions) =>
      run(
        options,
        async () => {
          const { services, api } = cliContext();
          const found = services.profiles.findByName(name);
          return { ...(await call(api, 'profiles.remove', { id: found.id })), name: found.name, id: found.id };
        },
        (result) => `Removed profile "${result.name}".`,
      ),
    );
}

async function run<T>(options: OutputOptions, work: () => Promise<T>, human: (value: T) => string | Promise<string>): Promise<void> {
  try {
    const value = await work();
    const text = options.json ? '' : await human(value);
    printResult(options, value, () => text);
  } catch (error) {
    printError(options, error);
  }
}

function targetFromOptions(options: AddOptions): ConnectionTarget {
  const hasParams = options.host !== undefined || options.user !== undefined;
  const kinds = [hasParams && '--host/--user', options.uri && '--uri', options.service && '--service'].filter(Boolean);
  if (kinds.length !== 1) {
    throw new TidemarkError('invalid_input', kinds.length ? `Give one of ${kinds.join(', ')}, not several.` : 'Say where to connect.', {
      hint: 'Use --host H --db D --user U [--port P] [--sslmode M], or --uri postgresql://user@host/db, or --service NAME.',
    });
  }
  if (options.uri) return { kind: 'uri', uri: options.uri };
  if (options.service) return { kind: 'service', service: options.service, ...(options.db ? { database: options.db } : {}) };
  const missing = [!options.host && '--host', !options.db && '--db', !options.user && '--user'].filter(Boolean);
  if (missing.length)
    throw new TidemarkError('invalid_input', `Missing ${missing.join(', ')}.`, {
      hint: 'A profile by parameters needs --host, --db and --user (--port defaults to 5432).',
    });
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TidemarkError('invalid_input', `--port ${options.port} is not a TCP port (1-65535).`);
  const sslmode: SslMode = parseSslMode(options.sslmode);
  return {
    kind: 'params',
    host: options.host!,
    port,
    database: options.db!,
    user: options.user!,
    sslmode,
    ...(options.sslrootcert ? { sslrootcert: resolve(options.sslrootcert) } : {}),
  };
}

function describeReport(report: ServerReport): string {
  const { facts, readiness, tools } = report;
  const yes = (value: boolean) => (value ? 'yes' : 'no');
  const shown = (value: string | null) => (value === null ? '(not visible to this role)' : value === '' ? '(empty)' : value);
  const rows = (pairs: [string, string][]) => table(pairs.map(([k, v]) => [`  ${k}`, v]));
  const lines = [
    `Connected to database ${facts.currentDatabase} as ${facts.role.name} in ${report.elapsedMs} ms${facts.ssl ? ' over TLS' : ' (not encrypted)'}.`,
    '',
    'Server',
    rows([
      ['version', facts.serverVersion],
      ['system identifier', shown(facts.systemIdentifier)],
      ['data directory', shown(facts.dataDirectory)],
      ['time zone', `${facts.timeZone} (server time ${facts.serverTime})`],
      ['in recovery', facts.inRecovery ? 'yes (a standby)' : 'no (a primary)'],
    ]),
    '',
    'WAL and archiving',
    rows([
      ['wal_level', facts.walLevel],
      ['archive_mode', facts.archiveMode],
      ['archive_command', shown(facts.archiveCommand)],
      ['archive_library', shown(facts.archiveLibrary)],
      ['archive_timeout', facts.archiveTimeoutSeconds === null ? '(not visible)' : `${facts.archiveTimeoutSeconds} s`],
      ['max_wal_senders', String(facts.maxWalSenders)],
    ]),
    '',
    `Role ${facts.role.name}`,
    rows([
      ['superuser', yes(facts.role.superuser)],
      ['replication', yes(facts.role.replication)],
      ['pg_read_all_data', yes(facts.role.readAllData)],
    ]),
    '',
    'Readiness',
    capabilityLines('logical backups (pg_dump)', readiness.logicalBackup),
    capabilityLines('physical backups (pg_basebackup)', readiness.physicalBackup),
    capabilityLines('point-in-time recovery', readiness.pointInTimeRecovery),
    '',
    'Tools',
    tools.pgDump ? `  pg_dump ${tools.pgDump.version} at ${tools.pgDump.path}` : `  pg_dump: ${tools.problem ?? 'not found'}`,
  ];
  return lines.join('\n');
}

function capabilityLines(title: string, capability: Capability): string {
  const head = `  ${capability.ready ? 'ready    ' : 'NOT READY'}  ${title}`;
  return [head, ...capability.missing.map((m) => `               - ${m}`), ...capability.notes.map((n) => `               note: ${n}`)].join('\n');
}

/** "Saved passwords are kept in …", and why not in the keychain when they are not. */
function secretStorageLine(info: AppInfo): string {
  const reason = info.secretStorageFallbackReason ? ` (${info.secretStorageFallbackReason})` : '';
  return `Saved passwords are kept in ${info.secretStorageLocation}${info.secretStorage === 'pgpass-file' ? ', mode 0600' : ''}${reason}.`;
}

function quoteArg(name: string): string {
  return /^[\w.@-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}
