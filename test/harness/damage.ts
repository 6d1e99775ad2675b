import { open } from 'node:fs/promises';

/**
 * Damages a file the way a bad disk would: one byte in its middle flipped, size unchanged, so
 * only a checksum can tell.
 */
export async function flipByteInTheMiddle(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    const middle = Math.floor(size / 2);
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, middle);
    byte[0] = byte[0]! ^ 0xff;
    await handle.write(byte, 0, 1, middle);
  } finally {
    await handle.close();
  }
}
