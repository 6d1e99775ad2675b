import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { shellQuote } from '../pgtools/shell-quote';

/**
 * The archive_command Tidemark proposes where basic_archive is not available (PostgreSQL 14 and
 * older, or a server built without contrib). It runs once per 16 MB segment, so it is a few lines
 * of POSIX sh over cp, cmp and sync: a Node process per segment would slow archiving and recovery
 * (DEVELOPERS.md, performance facts).
 *
 * It does what basic_archive does (contrib/basic_archive/basic_archive.c):
 * - an existing file with the same bytes is success: after a crash the server retries a segment
 *   it had already archived, and failing there would stop archiving forever;
 * - an existing file with other bytes is failure: never overwrite another cluster's WAL;
 * - copy to a temporary name, fsync it, rename it into place, fsync the folder: a power cut
 *   leaves either the whole segment or none, never a torn one that recovery would stop at.
 */
export const archiveScriptText = `#!/bin/sh
# Tidemark's archive_command: archive-wal.sh <%p> <archive folder> <%f>
# Written by Tidemark; it is rewritten when archiving is set up again.
set -u
src=$1
dir=$2
name=$3
dst="$dir/$name"
if [ ! -d "$dir" ]; then
  echo "archive-wal.sh: archive folder $dir does not exist (unmounted disk?)" >&2
  exit 1
fi
if [ -e "$dst" ]; then
  if cmp -s "$src" "$dst"; then
    exit 0
  fi
  echo "archive-wal.sh: $dst already exists with different contents; not overwriting it" >&2
  exit 1
fi
tmp="$dir/.archtemp.$name.$$"
trap 'rm -f "$tmp"' EXIT
cp "$src" "$tmp" || exit 1
# GNU and BusyBox sync fsync the files they are given; on systems whose sync takes no
# operands it flushes everything, which is slower but as safe.
sync "$tmp" 2>/dev/null || sync || exit 1
mv "$tmp" "$dst" || exit 1
sync "$dir" 2>/dev/null || sync
exit 0
`;

export const archiveScriptName = 'archive-wal.sh';

/** Where the script lives: beside the clusters' WAL folders, so the server reaches it wherever it reaches them. */
export function archiveScriptPath(repositoryRoot: string): string {
  return join(repositoryRoot, 'wal', archiveScriptName);
}

/** Writes the script (atomically, executable) unless it is already there with the same text. */
export async function installArchiveScript(repositoryRoot: string): Promise<string> {
  const path = archiveScriptPath(repositoryRoot);
  const current = await readFile(path, 'utf8').catch(() => null);
  if (current === archiveScriptText) return path;
  await mkdir(join(repositoryRoot, 'wal'), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, archiveScriptText, { mode: 0o755 });
  await chmod(temporary, 0o755);
  await rename(temporary, path);
  return path;
}

/**
 * The archive_command line; the server runs it with a POSIX shell (system(3)). PostgreSQL replaces %p and %f and treats any other % as an escape,
 * so a literal % in a path is doubled (https://www.postgresql.org/docs/current/runtime-config-wal.html).
 */
export function archiveCommandFor(scriptPath: string, archiveDir: string): string {
  const percentSafe = (text: string) => text.replace(/%/g, '%%');
  return ['/bin/sh', percentSafe(shellQuote(scriptPath)), '"%p"', percentSafe(shellQuote(archiveDir)), '"%f"'].join(' ');
}

/** The runbooks' command (seeds 002 and 004), and why Tidemark does not propose it. */
export const naiveArchiveCommandWhyNot =
  '`test ! -f dir/%f && cp %p dir/%f` never fsyncs (a power cut can leave a torn segment that recovery stops at), and when the server retries a segment it already copied the test fails, so archiving stops for good.';
