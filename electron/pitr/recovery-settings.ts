import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatLsn } from '../../shared/domain/wal';
import { formatTargetTimeSetting } from '../../shared/domain/pitr-time';
import { targetTakesInclusive, type PlannedTarget } from '../../shared/domain/pitr';
import { shellQuote } from '../pgtools/shell-quote';

/**
 * What a recovered copy's postgresql.auto.conf says: where WAL comes from, where replay stops,
 * and the settings that keep the copy from touching anything of its source.
 */

export type SegmentCompression = 'none' | 'gzip' | 'lz4' | 'zstd';

/**
 * restore_command reading the repository's WAL folder with native tools only. It runs once per
 * 16 MB segment and replay goes at ~13 segments a second (DEVELOPERS.md): a Node start per segment
 * would nearly double a recovery. `test -f` first keeps "cp: cannot stat" out of the server log
 * for the files recovery probes for and never finds (the next timeline's history, the end of WAL).
 * PostgreSQL expands %f and %p and reads any other % as an escape, so a % in the path is doubled.
 */
export function restoreCommandFor(archiveDir: string, compressions: readonly SegmentCompression[]): string {
  const dir = shellQuote(archiveDir).replace(/%/g, '%%');
  const compressed = compressions.filter((c) => c !== 'none');
  if (compressed.length === 0) return `test -f ${dir}/%f && cp ${dir}/%f "%p"`;
  const branches = [`if test -f "$f"; then cp "$f" "%p"`];
  for (const compression of compressed) {
    if (compression === 'zstd') branches.push(`elif test -f "$f.zst"; then zstd -dqf "$f.zst" -o "%p"`);
    if (compression === 'gzip') branches.push(`elif test -f "$f.gz"; then gzip -dc "$f.gz" > "%p"`);
    if (compression === 'lz4') branches.push(`elif test -f "$f.lz4"; then lz4 -dqf "$f.lz4" "%p"`);
  }
  return `f=${dir}/%f; ${branches.join('; ')}; else exit 1; fi`;
}

export type SettingValue = string | number | boolean;

/** The target's recovery_target_* settings (only one target setting may be set). */
export function targetSettings(target: PlannedTarget): [string, SettingValue][] {
  const settings: [string, SettingValue][] = [];
  const t = target.target;
  switch (t.kind) {
    case 'time':
      // Always with "+00": never read in the recovering server's TimeZone.
      settings.push(['recovery_target_time', formatTargetTimeSetting(t.at)]);
      break;
    case 'lsn':
      settings.push(['recovery_target_lsn', formatLsn(t.lsn)]);
      break;
    case 'xid':
      settings.push(['recovery_target_xid', String(t.xid)]);
      break;
    case 'name':
      settings.push(['recovery_target_name', t.name]);
      break;
    case 'immediate':
      settings.push(['recovery_target', 'immediate']);
      break;
    case 'latest':
      break;
  }
  if (targetTakesInclusive(t)) settings.push(['recovery_target_inclusive', target.inclusive]);
  settings.push(['recovery_target_timeline', target.timeline === 'latest' ? 'latest' : String(target.timeline)]);
  return settings;
}

/** Every recovery target setting, for clearing before a new target is set (only one may be set). */
export const allTargetSettingNames = ['recovery_target', 'recovery_target_time', 'recovery_target_lsn', 'recovery_target_xid', 'recovery_target_name'] as const;

export interface RecoverySettingsInput {
  archiveDir: string;
  compressions: readonly SegmentCompression[];
  target: PlannedTarget;
  pauseForInspection: boolean;
}

/** Everything written into postgresql.auto.conf, in order. */
export function recoverySettings(input: RecoverySettingsInput): [string, SettingValue][] {
  return [
    ['restore_command', restoreCommandFor(input.archiveDir, input.compressions)],
    ...targetSettings(input.target),
    // 'latest' has no target: recovery promotes at the end of the archive either way.
    ['recovery_target_action', input.pauseForInspection && input.target.target.kind !== 'latest' ? 'pause' : 'promote'],
    // A recovered copy must never write into its source's archive: it would add a timeline the
    // source never had, and a cleanup command could delete the source's WAL.
    ['archive_mode', false],
    ['archive_library', ''],
    ['archive_command', ''],
    ['archive_cleanup_command', ''],
    ['recovery_end_command', ''],
    // A copy of a standby must not stream from its primary; a copy of a primary with synchronous
    // standbys would wait forever for them at its first commit.
    ['primary_conninfo', ''],
    ['primary_slot_name', ''],
    ['synchronous_standby_names', ''],
    // Read-only queries while replaying: progress, and inspection when paused.
    ['hot_standby', true],
    // The copy listens on loopback only; the source's certificate files may not exist on this machine.
    ['ssl', false],
    // The server's messages go to the log file Tidemark reads, in English, with UTC times, at a
    // level that keeps "restored log file" and "recovery stopping" lines: the end state is read from them.
    ['logging_collector', false],
    ['log_destination', 'stderr'],
    ['lc_messages', 'C'],
    ['log_timezone', 'UTC'],
    ['log_min_messages', 'warning'],
  ];
}

/** Settings Tidemark's managed settings file holds for a local cluster (port moves rewrite it). */
export function networkSettings(port: number, socketDir: string, dataDir: string): Record<string, SettingValue> {
  return {
    port,
    // The rules Tidemark put first in the data directory's pg_hba.conf, even when the source's
    // configuration pointed elsewhere (Debian's /etc/postgresql/…).
    hba_file: join(dataDir, 'pg_hba.conf'),
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir,
    // Only the invoking user may reach the socket folder (see recovered-cluster-access.ts).
    unix_socket_permissions: '0700',
  };
}

/** `name = 'value'` as postgresql.conf reads it (backslashes and quotes escaped inside the quotes). */
export function formatSettingLine(name: string, value: SettingValue): string {
  if (typeof value === 'number') return `${name} = ${value}`;
  if (typeof value === 'boolean') return `${name} = ${value ? 'on' : 'off'}`;
  return `${name} = '${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

// Settings the managed settings file owns: an ALTER SYSTEM copy of them in the source's
// postgresql.auto.conf (read last) would override the port Tidemark chose.
const managedNetworkNames = ['port', 'listen_addresses', 'unix_socket_directories', 'unix_socket_permissions', 'hba_file'];

/**
 * Rewrites postgresql.auto.conf: the source's own lines stay, except the ones Tidemark sets
 * (every duplicate would be ambiguous to a reader, and ALTER SYSTEM keeps only the last), then
 * Tidemark's lines under a header saying why they are there.
 */
export async function writeAutoConf(dataDir: string, settings: readonly [string, SettingValue][], header: string): Promise<void> {
  const path = join(dataDir, 'postgresql.auto.conf');
  const existing = await readFile(path, 'utf8').catch(() => '# Do not edit this file manually!\n# It will be overwritten by the ALTER SYSTEM command.\n');
  const ours = new Set([...settings.map(([name]) => name), ...managedNetworkNames, ...allTargetSettingNames]);
  const kept = existing.split('\n').filter((line) => {
    const match = /^\s*([A-Za-z0-9_.]+)\s*=/.exec(line);
    return !match || !ours.has(match[1]!.toLowerCase());
  });
  while (kept.length > 0 && kept.at(-1)!.trim() === '') kept.pop();
  const lines = [...kept, '', ...header.split('\n').map((line) => `# ${line}`), ...settings.map(([name, value]) => formatSettingLine(name, value))];
  await writeFile(path, lines.join('\n') + '\n', { mode: 0o600 });
}

/** The include of Tidemark's managed settings file, last in postgresql.conf so it wins over the source's own lines. */
export async function includeManagedSettings(dataDir: string): Promise<void> {
  const path = join(dataDir, 'postgresql.conf');
  const text = await readFile(path, 'utf8').catch(() => null);
  const include = "include_if_exists = 'tidemark.conf'";
  if (text === null) {
    // Debian and RPM clusters keep postgresql.conf outside the data directory; the backup has none.
    await writeFile(path, `# Written by Tidemark: the source's configuration was not inside its data directory.\n${include}\n`, { mode: 0o600 });
    return;
  }
  const lines = text.trimEnd().split('\n');
  if (lines.at(-1)?.trim() === include) return;
  await writeFile(path, `${text.trimEnd()}\n\n# Settings managed by Tidemark (the recovered copy's port and sockets)\n${include}\n`);
}
