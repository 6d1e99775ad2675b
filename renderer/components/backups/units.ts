/** Ages and timestamps as people read them in the backup history (sizes and durations: shared/format). */

/** A span of time, coarsely: "5 min", "3 h", "12 days", "7 months", "3 years". */
function coarseSpan(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} h`;
  const days = Math.round(hours / 24);
  if (days < 60) return days === 1 ? '1 day' : `${days} days`;
  const months = Math.round(days / 30.4);
  if (months < 24) return `${months} months`;
  return `${Math.round(days / 365.25)} years`;
}

/** How long ago, coarsely: "just now", "5 min ago", "3 h ago", "12 days ago", "7 months ago". */
export function formatAge(isoTime: string, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(isoTime)) / 1000));
  return seconds < 45 ? 'just now' : `${coarseSpan(seconds)} ago`;
}

/** How long until, coarsely: "in a moment", "in 5 min", "in 3 h", "in 6 days" (a time past is "in a moment": it is due). */
export function formatTimeUntil(isoTime: string, nowMs: number): string {
  const seconds = Math.round((Date.parse(isoTime) - nowMs) / 1000);
  return seconds < 45 ? 'in a moment' : `in ${coarseSpan(seconds)}`;
}

/** Local date and time to the second, for exact facts (the age is for scanning a list). */
export function formatTimestamp(isoTime: string): string {
  return new Date(isoTime).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
