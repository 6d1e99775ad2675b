import { describe, expect, it } from 'vitest';
import { BasebackupProgressReader } from './basebackup-progress';

describe("pg_basebackup -P's progress lines", () => {
  it('give bytes done of total, a rate and the time left', () => {
    let clock = 0;
    const reader = new BasebackupProgressReader(() => clock);
    expect(reader.read('   0/40960 kB (0%), 0/1 tablespace')).toMatchObject({ doneBytes: 0, totalBytes: 40960 * 1024, bytesPerSecond: null });
    clock = 2_000;
    expect(reader.read('20480/40960 kB (50%), 0/1 tablespace (/backup/base.tar.zst   )')).toMatchObject({
      doneBytes: 20480 * 1024,
      bytesPerSecond: 10240 * 1024,
      secondsLeft: 2,
      tablespacesDone: 0,
      tablespacesTotal: 1,
    });
  });

  it('read lines without an estimate (--no-estimate-size) and ignore everything else', () => {
    const reader = new BasebackupProgressReader(() => 0);
    expect(reader.read('1234 kB, 1/2 tablespaces')).toMatchObject({ doneBytes: 1234 * 1024, totalBytes: null, tablespacesDone: 1, tablespacesTotal: 2 });
    expect(reader.read('pg_basebackup: write-ahead log start point: 0/2000028 on timeline 1')).toBeNull();
  });

  it('never report more done than total (the estimate can be short)', () => {
    const reader = new BasebackupProgressReader(() => 0);
    expect(reader.read('50000/40960 kB (100%), 1/1 tablespace')).toMatchObject({ totalBytes: 50000 * 1024 });
  });
});
