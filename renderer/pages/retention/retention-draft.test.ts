import { describe, expect, it } from 'vitest';
import { retentionCommandFor } from './retention-draft';

describe('the retention page', () => {
  it('writes the same plan as a command line: with the rules shown, or the stored policy without any', () => {
    expect(retentionCommandFor('My prod', { keepLast: 10, keepWithin: '7d' }, 'Europe/Berlin')).toBe(
      "tidemark retention plan --profile 'My prod' --keep-last 10 --keep-within 7d --tz Europe/Berlin",
    );
    expect(retentionCommandFor('My prod', undefined, 'UTC')).toBe("tidemark retention plan --profile 'My prod' --tz UTC");
  });
});
