import { parseLsn, type Lsn } from '../../shared/domain/wal';

/**
 * A base backup's own record, as PostgreSQL writes it in two places: `backup_label` inside the
 * backup (start fields only) and the `.backup` history file it archives when the backup stops
 * (start and stop fields). Both are "KEY: value" lines (src/backend/access/transam/xlog.c).
 */
export interface BackupLabel {
  startLsn: Lsn;
  stopLsn: Lsn | null;
  checkpointLsn: Lsn | null;
  startTimeline: number | null;
  stopTimeline: number | null;
  /** ISO 8601 UTC, or null when the zone abbreviation cannot be read unambiguously. */
  startTime: string | null;
  stopTime: string | null;
  /** The time as written, for display when it could not be converted. */
  startTimeText: string | null;
  stopTimeText: string | null;
  label: string | null;
  method: string | null;
  from: string | null;
}

export function parseBackupLabel(text: string): BackupLabel | null {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z ]+):\s?(.*)$/.exec(line.trimEnd());
    if (match) fields.set(match[1]!, match[2]!);
  }
  const lsnField = (key: string) => {
    const value = fields.get(key);
    return value ? parseLsn(value.split(' ')[0]!) : null;
  };
  const startLsn = lsnField('START WAL LOCATION');
  if (!startLsn) return null;
  const timeline = (key: string) => {
    const value = Number(fields.get(key));
    return Number.isInteger(value) && value > 0 ? value : null;
  };
  return {
    startLsn,
    stopLsn: lsnField('STOP WAL LOCATION'),
    checkpointLsn: lsnField('CHECKPOINT LOCATION'),
    startTimeline: timeline('START TIMELINE'),
    stopTimeline: timeline('STOP TIMELINE'),
    startTime: parseLabelTime(fields.get('START TIME')),
    stopTime: parseLabelTime(fields.get('STOP TIME')),
    startTimeText: fields.get('START TIME') ?? null,
    stopTimeText: fields.get('STOP TIME') ?? null,
    label: fields.get('LABEL') ?? null,
    method: fields.get('BACKUP METHOD') ?? null,
    from: fields.get('BACKUP FROM') ?? null,
  };
}

/**
 * "2026-11-21 05:17:35 UTC" → ISO. PostgreSQL writes the zone as log_timezone's abbreviation
 * (%Z). Only UTC/GMT and numeric offsets ("+03", "-0330") are unambiguous; an abbreviation such
 * as CST (three different offsets) gives null rather than a guess.
 */
export function parseLabelTime(text: string | undefined): string | null {
  if (!text) return null;
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (\S+)$/.exec(text.trim());
  if (!match) return null;
  const zone = match[3]!;
  let offset: string;
  if (zone === 'UTC' || zone === 'GMT' || zone === 'Z') offset = 'Z';
  else {
    const numeric = /^([+-])(\d{2})(\d{2})?$/.exec(zone);
    if (!numeric) return null;
    offset = `${numeric[1]}${numeric[2]}:${numeric[3] ?? '00'}`;
  }
  const date = new Date(`${match[1]}T${match[2]}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
