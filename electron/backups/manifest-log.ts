import type { ManifestLogLine } from '../../shared/domain/backup';
import type { LogLevel } from '../../shared/domain/job';
import type { JobContext } from '../jobs/job-registry';
import { toolLineLevel } from './tool-log';

// A manifest keeps its whole log up to this many lines; past it, the first lines and the last
// ones are kept (where the errors are) with a marker between them.
const maxLines = 20_000;
const headLines = 2_000;

/** A backup's log: every line goes to the job (live) and into the manifest (kept). */
export class ManifestLog {
  private readonly head: ManifestLogLine[] = [];
  private tail: ManifestLogLine[] = [];
  private dropped = 0;

  constructor(private readonly job: JobContext) {}

  add(level: LogLevel, text: string, source: 'tidemark' | 'stderr' | 'stdout' = 'tidemark'): void {
    this.job.log(level, text, source);
    const line = { at: new Date().toISOString(), level, text };
    if (this.head.length < headLines) {
      this.head.push(line);
      return;
    }
    this.tail.push(line);
    if (this.tail.length > 2 * (maxLines - headLines)) {
      const excess = this.tail.length - (maxLines - headLines);
      this.tail = this.tail.slice(excess);
      this.dropped += excess;
    }
  }

  info(text: string): void {
    this.add('info', text);
  }

  warning(text: string): void {
    this.add('warning', text);
  }

  /** A line a tool printed on stderr, with its level read from the text. */
  tool(line: string): void {
    this.add(toolLineLevel(line), line, 'stderr');
  }

  lines(): ManifestLogLine[] {
    const keep = this.tail.slice(-(maxLines - headLines));
    const dropped = this.dropped + (this.tail.length - keep.length);
    const marker: ManifestLogLine[] = dropped ? [{ at: keep[0]?.at ?? new Date().toISOString(), level: 'info', text: `… ${dropped} lines left out …` }] : [];
    return [...this.head, ...marker, ...keep];
  }
}
