const byteUnits = ['B', 'kB', 'MB', 'GB', 'TB'];

/** 1024-based, like pg_size_pretty: "812 kB", "3.4 GB"; one decimal below ten. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${byteUnits[unit]}`;
}
