import { describe, expect, it } from 'vitest';
import type { BackupHistoryFile, WalGap } from '../../../shared/domain/wal-archive';
import { segmentMarkers } from './segment-markers';

const size = 16 * 1024 * 1024;
const lsn = (lo: number) => ({ hi: 0, lo });

describe('segmentMarkers', () => {
  it('marks the first segment after a gap, across a log id boundary too', () => {
    const gap = (firstMissing: string, lastMissing: string): WalGap => ({
      timeline: 1,
      firstMissing,
      lastMissing,
      missingCount: 1,
      fromLsn: lsn(0),
      toLsn: lsn(0),
      segmentsCutOff: 1,
      lastSegmentCutOff: null,
      backupsCutOff: [],
    });
    const markers = segmentMarkers({
      walSegmentSizeBytes: size,
      backupFiles: [],
      gaps: [gap('000000010000000000000004', '000000010000000000000005'), gap('0000000100000001000000FF', '0000000100000001000000FF')],
    });
    expect([...markers.gapBefore.keys()]).toEqual(['000000010000000000000006', '000000010000000200000000']);
  });

  it('marks the segment a base backup starts in, from its .backup file name', () => {
    const file: BackupHistoryFile = {
      fileName: '000000010000000000000002.00000028.backup',
      startLsn: lsn(0x2000028),
      stopLsn: lsn(0x2000100),
      timeline: 1,
      startTime: null,
      stopTime: null,
      label: null,
      backupId: 'b1',
    };
    expect(segmentMarkers({ walSegmentSizeBytes: size, gaps: [], backupFiles: [file] }).backupStarts.get('000000010000000000000002')).toEqual([file]);
  });
});
