/**
 * How the WAL pages write instants (sizes and durations: shared/format). Instants come from the services as UTC
 * ISO strings; people read them in their own zone, so the zone is always said once nearby.
 */
import { formatDurationSeconds } from '../../../shared/format/duration';

/** "14:03:27" today, "3 Jun, 14:03:27" on another day, in the viewer's zone. */
export function formatInstant(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  return date.toLocaleString(undefined, {
    ...(sameDay ? {} : { day: 'numeric', month: 'short', ...(date.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}) }),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** The full instant with its zone, for tooltips and titles. */
export function formatInstantLong(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });
}

/** "Europe/Berlin (UTC+02:00)": said once next to times shown in the viewer's zone. */
export function viewerTimeZone(at: Date = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offsetMinutes = -at.getTimezoneOffset();
  const sign = offsetMinutes >= 0 ? '+' : '−';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${zone} (UTC${sign}${hours}:${minutes})`;
}

/** How long ago an instant was, "3 min ago"; "just now" under ten seconds. */
export function formatAgo(iso: string, now: Date = new Date()): string {
  const seconds = (now.getTime() - Date.parse(iso)) / 1000;
  if (seconds < 10) return 'just now';
  return `${formatDurationSeconds(seconds)} ago`;
}
