import { describe, expect, it } from 'vitest';
import { cronFieldsMarked, cronOf, describeCron, initialTiming, presetOf, timingDraftOf, timingErrorOf, type TimingDraft } from './schedule-timing';

const draft = (change: Partial<TimingDraft>): TimingDraft => ({ ...initialTiming('Europe/Berlin'), ...change });

describe('the schedule form timing', () => {
  it('writes each preset as the cron expression it stands for', () => {
    expect(cronOf(draft({ mode: 'hourly', minute: 15 }))).toBe('15 * * * *');
    expect(cronOf(draft({ mode: 'nightly', at: '02:30' }))).toBe('30 2 * * *');
    expect(cronOf(draft({ mode: 'weekly', day: 'sun', at: '23:05' }))).toBe('5 23 * * 0');
    expect(cronOf(draft({ mode: 'cron', cron: '  */10 * * * *  ' }))).toBe('*/10 * * * *');
  });

  it('has no expression while a field cannot be read', () => {
    expect(cronOf(draft({ mode: 'nightly', at: '24:00' }))).toBeNull();
    expect(cronOf(draft({ mode: 'weekly', at: '2.30' }))).toBeNull();
    expect(cronOf(draft({ mode: 'hourly', minute: 60 }))).toBeNull();
    expect(cronOf(draft({ mode: 'cron', cron: '   ' }))).toBeNull();
  });

  it('reads a saved expression back as its preset, so editing shows the fields it was made with', () => {
    expect(presetOf('15 * * * *')).toEqual({ mode: 'hourly', minute: 15 });
    expect(presetOf('0 2 * * *')).toEqual({ mode: 'nightly', at: '02:00' });
    expect(presetOf('30 1 * * 0')).toEqual({ mode: 'weekly', day: 'sun', at: '01:30' });
    // Cron's other Sunday.
    expect(presetOf('30 1 * * 7')).toEqual({ mode: 'weekly', day: 'sun', at: '01:30' });
    for (const other of ['*/5 * * * *', '0 2 1 * *', '0 2 * * 1-5', '0 2,14 * * *', '0 2 * 1 *', '0 2 * *']) expect(presetOf(other)).toBeNull();
    expect(timingDraftOf({ cron: '0 3 * * 1', timeZone: 'UTC' })).toMatchObject({ mode: 'weekly', day: 'mon', at: '03:00', timeZone: 'UTC' });
    expect(timingDraftOf({ cron: '0 2 * * 1-5', timeZone: 'UTC' })).toMatchObject({ mode: 'cron', cron: '0 2 * * 1-5' });
  });

  it('says a timing in words where it has a plain reading', () => {
    expect(describeCron('0 * * * *')).toBe('Every hour, on the hour');
    expect(describeCron('20 * * * *')).toBe('Every hour at minute 20');
    expect(describeCron('30 2 * * *')).toBe('Every day at 02:30');
    expect(describeCron('0 4 * * 6')).toBe('Every Saturday at 04:00');
    expect(describeCron('*/15 * * * *')).toBe('Every 15 minutes');
    expect(describeCron('* * * * *')).toBe('Every minute');
    expect(describeCron('0 2 * * 1-5')).toBe('Monday to Friday at 02:00');
    expect(describeCron('0 1 1 * *')).toBe('On day 1 of every month at 01:00');
    expect(describeCron('0 2,14 * * *')).toBeNull();
    expect(describeCron('not cron')).toBeNull();
  });
});

describe("the server's refusal of a timing", () => {
  it('goes to the cron field with its column, or to the zone field when it names the zone', () => {
    const cronError = {
      message: 'Cron expression "0 25 * * *": "25" is not valid (…) at column 3 (the hour field).',
      hint: 'Five fields…',
      details: { column: 3, field: 'hour' },
    };
    expect(timingErrorOf(cronError, 'Europe/Berlin')).toEqual({ field: 'cron', message: cronError.message, hint: 'Five fields…', column: 3 });
    expect(timingErrorOf({ message: '"Mars/Olympus" is not a time zone this machine knows.' }, 'Mars/Olympus')).toMatchObject({
      field: 'timeZone',
      column: null,
    });
    expect(timingErrorOf({ message: 'Cron expression "0 2 * *" has 4 fields; it needs five.' }, 'UTC')).toMatchObject({ field: 'cron', column: null });
  });

  it('marks the field at the column', () => {
    expect(cronFieldsMarked('0  25 * * *', 4).filter((part) => part.bad)).toEqual([{ text: '25', bad: true }]);
    expect(cronFieldsMarked('0 2 * * *', null).some((part) => part.bad)).toBe(false);
    expect(
      cronFieldsMarked('0 2 * * *', 1)
        .map((part) => part.text)
        .join(''),
    ).toBe('0 2 * * *');
  });
});
