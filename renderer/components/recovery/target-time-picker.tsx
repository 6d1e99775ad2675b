import '@mantine/dates/styles.css';
import { Alert, Group, Stack, Text } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { RecoverableWindow } from '../../../shared/domain/wal-archive';
import { RecoverableWindowBar } from '../wal/recoverable-window-bar';
import { readTarget, windowVerdict, type TargetDraft } from './target-draft';
import { TimeZoneSelect } from '../time-zone-select';
import { formatUtc, offsetLabel, viewerZone, wallTimeIn, type WallTime } from './zoned-time';

interface TargetTimePickerProps {
  draft: TargetDraft;
  onChange: (change: { wallTime?: WallTime | null; timeZone?: string }) => void;
  /** wal.window's answer; null while it loads or when it cannot be read. */
  window: RecoverableWindow | null;
  /** The server's TimeZone setting, when the server answers. */
  serverZone: string | null;
}

/**
 * The target time: date, time to the second and a time zone (the server's by default), with the
 * UTC instant it stands for said live, and the recoverable window drawn above it. A click on the
 * window picks a moment; a moment outside it is explained, not silently clamped.
 */
export function TargetTimePicker({ draft, onChange, window, serverZone }: TargetTimePickerProps) {
  const reading = readTarget(draft);
  const utc = reading.state === 'ready' ? reading.utc : null;
  const verdict = utc && window ? windowVerdict(window, utc, draft.timeZone) : null;
  const bounds = window ? dayBounds(window, draft.timeZone) : null;

  return (
    <Stack gap="md">
      {window && (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Recoverable window — click a moment to pick it
          </Text>
          <RecoverableWindowBar
            window={window}
            selected={utc}
            onPick={(pick) => onChange({ wallTime: wallTimeIn(pick.time, draft.timeZone) })}
            showSummary={false}
          />
        </Stack>
      )}
      <Group align="flex-start" gap="md" grow>
        <DateTimePicker
          label="Date and time"
          description="To the second, as a clock in the zone on the right reads it."
          placeholder="Pick a date and time"
          withSeconds
          valueFormat="YYYY-MM-DD HH:mm:ss"
          value={draft.wallTime}
          onChange={(value) => onChange({ wallTime: value ? value.slice(0, 19) : null })}
          minDate={bounds?.min}
          maxDate={bounds?.max}
          defaultDate={bounds?.max}
          clearable
          data-testid="target-time"
          timePickerProps={{ hoursInputLabel: 'Hours', minutesInputLabel: 'Minutes', secondsInputLabel: 'Seconds' }}
          submitButtonProps={{ 'aria-label': 'Use this time' }}
        />
        <TimeZoneSelect
          description={serverZone ? `The server's zone is ${serverZone}.` : 'The server did not say its zone: check this one.'}
          suggested={serverZone}
          value={draft.timeZone}
          onChange={(timeZone) => onChange({ timeZone })}
          testId="target-time-zone"
        />
      </Group>
      {reading.state === 'invalid' && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle />} data-testid="target-time-problem">
          {reading.message}
        </Alert>
      )}
      {utc && (
        <Text size="sm" data-testid="target-time-utc">
          That is <strong>{formatUtc(utc)}</strong>
          {draft.timeZone !== 'UTC' && ` (${draft.timeZone} is ${offsetLabel(draft.timeZone, Date.parse(utc))} on that day)`}
          {viewerZone() !== draft.timeZone && viewerZone() !== 'UTC' && `, ${wallTimeIn(utc, viewerZone())} on this computer's clock (${viewerZone()})`}. It is
          written into the recovery settings in UTC, so no machine's zone can shift it.
        </Text>
      )}
      {verdict?.reachable === true && (
        <Group gap={6} data-testid="target-time-verdict" data-reachable="true">
          <IconCircleCheck size={18} color="var(--mantine-color-teal-7)" />
          <Text size="sm" c="teal.8">
            Inside the recoverable window, on timeline {verdict.timeline}.
          </Text>
        </Group>
      )}
      {verdict?.reachable === false && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle />}
          title="This moment cannot be recovered"
          data-testid="target-time-verdict"
          data-reachable="false"
        >
          {verdict.why}
        </Alert>
      )}
    </Stack>
  );
}

/** The first and last day the window touches, as the picker's calendar bounds (whole days: times are checked, not clamped). */
function dayBounds(window: RecoverableWindow, timeZone: string): { min: string; max: string } | null {
  const times = window.intervals.flatMap((interval) => [interval.from.time, interval.to.time]).filter((time): time is string => Boolean(time));
  for (const backup of window.baseBackups) if (backup.stopTime) times.push(backup.stopTime);
  if (times.length === 0) return null;
  const sorted = times.map((time) => wallTimeIn(time, timeZone)).sort();
  return { min: `${sorted[0]!.slice(0, 10)} 00:00:00`, max: `${sorted.at(-1)!.slice(0, 10)} 23:59:59` };
}
