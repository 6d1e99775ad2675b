import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { TidemarkError } from '../../shared/domain/errors';
import { writeJsonAtomic } from '../repository/atomic-file';

/**
 * A small JSON record file in the repository (pins.json, retention-policies.json), so the app, the
 * CLI and a daemon on another machine agree on it. Absent, it reads as `empty`; a file that cannot
 * be read is an error, never taken as empty: for retention that would forget what someone set.
 * Writes are atomic (writeJsonAtomic) and read-modify-writes are serialized within the process.
 */
export class RepositoryRecordFile<Schema extends z.ZodType> {
  constructor(
    private readonly file: string,
    private readonly schema: Schema,
    private readonly empty: () => z.output<Schema>,
    /** What follows "<file> cannot be read: <why>." in the error: what Tidemark does about it. */
    private readonly consequence: string,
    private readonly hint: string,
  ) {}

  async read(): Promise<z.output<Schema>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.empty();
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw this.unreadable(`it is not valid JSON (${(error as Error).message})`);
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) throw this.unreadable(parsed.error.issues[0]?.message ?? 'unexpected content');
    return parsed.data;
  }

  /** Reads, changes and writes the file back, one change at a time per file within this process. */
  async change<T>(edit: (content: z.output<Schema>) => { content: z.output<Schema>; result: T }): Promise<T> {
    const previous = editing.get(this.file) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const { content, result } = edit(await this.read());
        // A profile's policy may be set before its first backup made the repository folder.
        await mkdir(dirname(this.file), { recursive: true });
        await writeJsonAtomic(this.file, content);
        return result;
      });
    editing.set(this.file, next);
    try {
      return await next;
    } finally {
      if (editing.get(this.file) === next) editing.delete(this.file);
    }
  }

  private unreadable(why: string): TidemarkError {
    return new TidemarkError('invalid_input', `${this.file} cannot be read: ${why}. ${this.consequence}`, { hint: this.hint });
  }
}

const editing = new Map<string, Promise<unknown>>();
