import { describe, expect, it } from 'vitest';
import { estimateRemainingMs } from './remaining-time';

describe('estimateRemainingMs', () => {
  it('extrapolates the pace so far', () => {
    expect(estimateRemainingMs(0.25, 10_000)).toBe(30_000);
    expect(estimateRemainingMs(0.5, 4_000)).toBe(4_000);
  });

  it('says nothing too early or once done', () => {
    expect(estimateRemainingMs(0.01, 60_000)).toBeNull();
    expect(estimateRemainingMs(0.5, 1_000)).toBeNull();
    expect(estimateRemainingMs(1, 60_000)).toBeNull();
  });
});
