import type { ManifestLogLine } from '../../../shared/domain/backup';
import type { JobLogLine } from '../../../shared/domain/job';
import { JobLog } from '../job-log';

/** A backup's recorded log, shown like a live job's (warnings and errors highlighted). */
export function ManifestLogView({ lines, heightPx }: { lines: readonly ManifestLogLine[]; heightPx?: number }) {
  const asJobLines: JobLogLine[] = lines.map((line, index) => ({
    jobId: 'manifest',
    seq: index + 1,
    at: line.at,
    level: line.level,
    source: 'tidemark',
    text: line.text,
  }));
  return <JobLog lines={asJobLines} heightPx={heightPx} />;
}
