import { open, stat } from 'node:fs/promises';

/**
 * Reads a server log file as it grows, from a given offset, and hands each complete line to
 * `onLine`. Polling rather than fs.watch: the log is appended by another process, and watch
 * events are unreliable on network folders and coalesced everywhere.
 */
export class ServerLogFollower {
  private position: number;
  private pending = '';
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    startOffset: number,
    private readonly onLine: (line: string) => void,
    private readonly intervalMs = 200,
  ) {
    this.position = startOffset;
  }

  /** The log's current size: where a follower that wants only new lines starts. */
  static async endOf(path: string): Promise<number> {
    return (await stat(path).catch(() => null))?.size ?? 0;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  /** Reads whatever is new now (also called by the job before deciding on an end state). */
  poll(): Promise<void> {
    this.reading = this.reading.then(() => this.readNew()).catch(() => undefined);
    return this.reading;
  }

  /** Stops polling after one last read, and hands over a final unterminated line. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.poll();
    if (this.pending) {
      const last = this.pending;
      this.pending = '';
      this.onLine(last);
    }
  }

  private async readNew(): Promise<void> {
    const handle = await open(this.path, 'r').catch(() => null);
    if (!handle) return;
    try {
      const { size } = await handle.stat();
      if (size < this.position) this.position = 0; // truncated or replaced
      while (this.position < size) {
        const length = Math.min(size - this.position, 1 << 20);
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, this.position);
        if (bytesRead === 0) break;
        this.position += bytesRead;
        const parts = (this.pending + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
        this.pending = parts.pop() ?? '';
        for (const line of parts) if (line.length > 0) this.onLine(line);
      }
    } finally {
      await handle.close();
    }
  }
}
