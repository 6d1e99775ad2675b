import { formatBytes } from './bytes';
import { formatDurationSeconds } from './duration';

/**
 * A health check's value in its unit, as the dashboard, the CLI and notifications show it:
 * "83.4%", "12 min 5 s", "3", "0.05/s", "1.2 GB". The unit is a HealthCheckUnit
 * (shared/domain/health.ts), taken as a string so a notification event can carry it as data.
 */
export function formatCheckValue(value: number | null, unit: string): string {
  if (value === null) return '-';
  switch (unit) {
    case 'percent':
      return `${value.toFixed(value >= 99 && value < 100 ? 2 : 1)}%`;
    case 'seconds':
      return formatDurationSeconds(value);
    case 'per-second':
      return `${value < 10 ? value.toFixed(2) : Math.round(value)}/s`;
    case 'bytes':
      return formatBytes(value);
    default:
      return String(value);
  }
}
