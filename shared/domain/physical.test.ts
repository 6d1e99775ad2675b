import { describe, expect, it } from 'vitest';
import { formatCompressionSpec, parseCompressionSpec } from './physical';

describe('compression specs', () => {
  it('read what users type, defaulting to client side as pg_basebackup does', () => {
    expect(parseCompressionSpec('none')).toEqual({ ok: true, spec: null });
    expect(parseCompressionSpec('zstd')).toEqual({ ok: true, spec: { method: 'zstd', location: 'client' } });
    expect(parseCompressionSpec('server-zstd:level=3,workers=2')).toEqual({ ok: true, spec: { method: 'zstd', location: 'server', level: 3, workers: 2 } });
    expect(parseCompressionSpec('client-gzip:9')).toEqual({ ok: true, spec: { method: 'gzip', location: 'client', level: 9 } });
    expect(formatCompressionSpec({ method: 'zstd', location: 'server', level: 3, workers: 2 })).toBe('server-zstd:level=3,workers=2');
  });

  it('refuse what pg_basebackup would refuse, with the reason', () => {
    expect(parseCompressionSpec('gzip:12')).toMatchObject({ ok: false, message: expect.stringContaining('1 to 9') });
    expect(parseCompressionSpec('lz4:workers=2')).toMatchObject({ ok: false, message: expect.stringContaining('Only zstd') });
    expect(parseCompressionSpec('brotli')).toMatchObject({ ok: false });
    expect(parseCompressionSpec('zstd:speed=3')).toMatchObject({ ok: false });
  });
});
