import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ArchivedSegment } from '../../shared/domain/wal-archive';
import { TidemarkError } from '../../shared/domain/errors';
import { runProgram } from '../pgtools/run-tool';

/** A folder and a file name pg_waldump can read (it needs a plain file named like a segment). */
export interface WaldumpInput {
  dir: string;
  fileName: string;
  release(): Promise<void>;
}

/**
 * Makes an archived file readable by pg_waldump: a plain segment is used where it is; a
 * `.partial` file is linked under its segment name; a compressed one is decompressed into a
 * temporary folder (gzip in-process, lz4 and zstd with their command-line tools).
 */
export async function waldumpInput(archiveDir: string, segment: ArchivedSegment): Promise<WaldumpInput> {
  if (segment.compression === 'none' && !segment.partial) {
    return { dir: archiveDir, fileName: segment.fileName, release: async () => undefined };
  }
  const dir = await mkdtemp(join(tmpdir(), 'tidemark-waldump-'));
  const release = () => rm(dir, { recursive: true, force: true });
  const source = join(archiveDir, segment.fileName);
  const target = join(dir, segment.name);
  try {
    switch (segment.compression) {
      case 'none':
        await symlink(source, target);
        break;
      case 'gzip':
        await pipeline(createReadStream(source), createGunzip(), createWriteStream(target));
        break;
      case 'lz4':
      case 'zstd': {
        const tool = segment.compression === 'lz4' ? 'lz4' : 'zstd';
        const result = await runProgram(tool, ['-d', '-q', '-f', source, '-o', target], { timeoutMs: 60_000 });
        if (result.exitCode !== 0) {
          throw new TidemarkError(
            'tool_missing',
            `Cannot decompress ${segment.fileName}: ${tool} ${result.notFound ? 'is not installed' : `failed (${result.stderr.trim()})`}.`,
            {
              hint: `Install ${tool} to read ${segment.compression}-compressed segments.`,
            },
          );
        }
        break;
      }
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { dir, fileName: segment.name, release };
}
