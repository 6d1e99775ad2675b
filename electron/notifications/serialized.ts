const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `work` after every earlier work on the same key (a file's path) in this process has
 * ended, so two read-modify-write cycles of one file never interleave. Across processes the
 * atomic rename keeps each file whole; the last writer wins.
 */
export function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(work, work);
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}
