/** Sizes, durations and ages as people read them in the backup history. */

const byteUnits = ['B', 'kB', 'MB', 'GB', 'TB'];

/** 1024-based, like pg_size_pretty: "812 kB", "3.4 GB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${byteUnits[unit]}`;
}

/** "850 ms", "12 s", "4 min 05 s", "2 h 07 min". */
export function formatDuration(durationMs: number): string {
  if (durationMs < 1000) return `${Math.round(durationMs)} ms`;
  const seconds = Math.round(durationMs / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** How long ago, coarsely: "just now", "5 min ago", "3 h ago", "12 days ago", "7 months ago". */
export function formatAge(isoTime: string, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(isoTime)) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 60) return days === 1 ? '1 day ago' : `${days} days ago`;
  const months = Math.round(days / 30.4);
  if (months < 24) return `${months} months ago`;
  return `${Math.round(days / 365.25)} years ago`;
}

/** Local date and time to the second, for exact facts (the age is for scanning a list). */
export function formatTimestamp(isoTime: string): string {
  return new Date(isoTime).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
