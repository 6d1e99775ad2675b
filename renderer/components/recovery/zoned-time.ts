import { wallClockFieldsIn, zoneOffsetMinutes } from '../../../shared/domain/pitr-time';

/**
 * Wall times in a chosen zone, for the recovery target picker. The picker holds what the user
 * reads on a clock ("2026-11-21 14:31:00" in Europe/Paris); parseTargetTime turns it into an
 * instant once. These go the other way, for showing an instant in the picker's zone.
 */

/** A wall time as the picker holds it: "YYYY-MM-DD HH:mm:ss". */
export type WallTime = string;

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The instant as a wall time in `timeZone`, to the second. */
export function wallTimeIn(utcIso: string, timeZone: string): WallTime {
  const wall = wallClockFieldsIn(timeZone, new Date(utcIso).getTime());
  return `${wall.year}-${wall.month}-${wall.day} ${wall.hour}:${wall.minute}:${wall.second}`;
}

/** "UTC+05:30", "UTC−03:00", "UTC" at that instant. */
export function offsetLabel(timeZone: string, atMs: number): string {
  const minutes = zoneOffsetMinutes(timeZone, atMs);
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const absolute = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/** An instant written in a zone with its offset: "2026-11-21 14:31:00 Europe/Paris (UTC+01:00)". */
export function formatInZone(utcIso: string, timeZone: string): string {
  return `${wallTimeIn(utcIso, timeZone)} ${timeZone} (${offsetLabel(timeZone, Date.parse(utcIso))})`;
}

/** "2026-11-21 13:31:00 UTC", to the second (PostgreSQL keeps microseconds; people read seconds). */
export function formatUtc(utcIso: string): string {
  return `${wallTimeIn(utcIso, 'UTC')} UTC`;
}

export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Zones to pick from: the server's, the viewer's and UTC first (the usual answers), then every
 * zone the browser knows. Browsers list one name per zone (Chromium says Asia/Calcutta, not
 * Asia/Kolkata), so any valid name typed or already chosen is offered too.
 */
export function timeZoneChoices(serverZone: string | null, alsoValid: readonly string[] = []): { group: string; items: string[] }[] {
  const first = [...new Set([serverZone, viewerZone(), 'UTC'].filter((zone): zone is string => Boolean(zone && isTimeZone(zone))))];
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const all = [...new Set([...alsoValid.filter((zone) => zone.includes('/') && isTimeZone(zone)), ...known])].filter((zone) => !first.includes(zone)).sort();
  return [
    { group: 'Suggested', items: first },
    { group: 'All time zones', items: all },
  ];
}
