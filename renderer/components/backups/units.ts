/** Ages and timestamps as people read them in the backup history (sizes and durations: shared/format). */

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
