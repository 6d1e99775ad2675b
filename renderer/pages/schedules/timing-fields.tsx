import { Alert, Box, Code, Group, Loader, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconSunMoon } from '@tabler/icons-react';
import { weekdays, type Weekday } from '../../../shared/domain/schedule';
import { useRequest } from '../../bridge/use-request';
import { formatTimeUntil } from '../../components/backups/units';
import { useNow } from '../../components/backups/use-now';
import { ErrorAlert } from '../../components/error-alert';
import { LabelledSegmentedControl } from '../../components/labelled-segmented-control';
import { FormSection } from '../../components/form-section';
import { TimeZoneSelect } from '../../components/time-zone-select';
import { WholeNumberInput } from '../../components/whole-number-input';
import { cronFieldsMarked, cronOf, describeCron, timingErrorOf, weekdayNames, type TimingDraft, type TimingError } from './schedule-timing';

const modes: { value: TimingDraft['mode']; label: string }[] = [
  { value: 'hourly', label: 'Hourly' },
  { value: 'nightly', label: 'Nightly' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'cron', label: 'Cron expression' },
];

/** The weekday of a local date "YYYY-MM-DD" (read at noon UTC: the same day everywhere). */
function weekdayOf(localDate: string): string {
  const day = new Date(`${localDate}T12:00:00Z`).getUTCDay();
  return weekdayNames[weekdays[day]!];
}

/**
 * When: a preset or a cron expression in an IANA zone, with the next five runs as the server
 * computes them (croner, in the schedule's zone) and the daylight-saving changes that move one.
 */
export function TimingFields({ draft, onChange }: { draft: TimingDraft; onChange(change: Partial<TimingDraft>): void }) {
  const cron = cronOf(draft);
  // Strings, so the debounce settles (an object would be new on every render).
  const [askedCron] = useDebouncedValue(cron ?? '', 300);
  const [askedZone] = useDebouncedValue(draft.timeZone.trim(), 300);
  const preview = useRequest('schedules.preview', { cron: askedCron, timeZone: askedZone, count: 5 }, { enabled: askedCron !== '' && askedZone !== '' });
  const error = preview.error ? timingErrorOf(preview.error, askedZone) : null;
  const timeProblem = draft.mode !== 'cron' && draft.mode !== 'hourly' && cron === null ? 'Give the hours and the minutes' : null;

  return (
    <FormSection
      title="When"
      description="A preset, or any five-field cron expression. Times are read in the zone below, so a nightly 02:00 stays 02:00 there whatever this computer's zone."
      testId="schedule-timing"
    >
      <Stack gap="md">
        <SegmentedControl
          value={draft.mode}
          onChange={(value) => {
            const mode = value as TimingDraft['mode'];
            // The expression field starts from what the preset said.
            onChange(mode === 'cron' ? { mode, cron: cron ?? draft.cron } : { mode });
          }}
          data={modes}
          aria-label="How often"
          data-testid="timing-mode"
        />
        <SimpleGrid cols={2} spacing="md">
          {draft.mode === 'hourly' && (
            <WholeNumberInput
              label="Minute of the hour"
              description="0 to 59: 15 runs at 00:15, 01:15, 02:15, …"
              min={0}
              max={59}
              value={draft.minute}
              onChange={(minute) => onChange({ minute: minute ?? 0 })}
              testId="timing-minute"
            />
          )}
          {draft.mode === 'weekly' && (
            <LabelledSegmentedControl
              label="Day"
              data={weekdays.map((day) => ({ value: day, label: weekdayNames[day].slice(0, 3) }))}
              value={draft.day}
              onChange={(day) => onChange({ day: day as Weekday })}
              aria-label="Day of the week"
              data-testid="timing-day"
            />
          )}
          {(draft.mode === 'nightly' || draft.mode === 'weekly') && (
            <TimePicker
              label="Time of day"
              description="24 h, in the zone below"
              value={draft.at}
              onChange={(at) => onChange({ at })}
              error={timeProblem}
              hoursInputLabel="Hours"
              minutesInputLabel="Minutes"
              w={160}
              data-testid="timing-at"
            />
          )}
          {draft.mode === 'cron' && (
            <TextInput
              label="Cron expression"
              description="minute hour day-of-month month day-of-week, e.g. 0 2 * * * (02:00 daily) or 30 1 * * 0 (01:30 on Sundays)"
              value={draft.cron}
              onChange={(event) => onChange({ cron: event.currentTarget.value })}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              error={error?.field === 'cron' ? <CronError error={error} cron={askedCron} /> : null}
              spellCheck={false}
              autoComplete="off"
              data-testid="timing-cron"
            />
          )}
          <TimeZoneSelect
            value={draft.timeZone}
            onChange={(timeZone) => onChange({ timeZone })}
            description="IANA zone the times are read in; this computer's by default."
            error={error?.field === 'timeZone' ? error.message : null}
            testId="timing-zone"
          />
        </SimpleGrid>
        {error && draft.mode !== 'cron' && error.field === 'cron' && <ErrorAlert error={preview.error} title="The server refused this timing" />}
        <Preview
          cron={cron}
          loading={preview.isFetching || askedCron !== (cron ?? '')}
          upcoming={error || cron === null ? null : (preview.data?.upcoming ?? null)}
          dstWarnings={error || cron === null ? [] : (preview.data?.dstWarnings ?? [])}
          timeZone={askedZone}
          refused={error !== null}
        />
      </Stack>
    </FormSection>
  );
}

function CronError({ error, cron }: { error: TimingError; cron: string }) {
  return (
    <Stack gap={4} component="span" data-testid="timing-cron-error" data-column={error.column ?? undefined}>
      <span>{error.message}</span>
      {error.column !== null && (
        <Code component="span" fz="sm" data-testid="timing-cron-marked">
          {cronFieldsMarked(cron, error.column).map((part, index) =>
            part.bad ? (
              <Box key={index} component="mark" bg="red.2" c="red.9" px={2} fw={700}>
                {part.text}
              </Box>
            ) : (
              <span key={index}>{part.text}</span>
            ),
          )}
        </Code>
      )}
      {error.hint && <span>{error.hint}</span>}
    </Stack>
  );
}

function Preview({
  cron,
  loading,
  upcoming,
  dstWarnings,
  timeZone,
  refused,
}: {
  refused: boolean;
  cron: string | null;
  loading: boolean;
  upcoming: { at: string; local: string }[] | null;
  dstWarnings: { date: string; kind: string; message: string }[];
  timeZone: string;
}) {
  const now = useNow(30_000);
  const words = cron ? describeCron(cron) : null;
  const warnedDates = new Set(dstWarnings.map((warning) => warning.date));
  return (
    <Stack gap="sm" data-testid="timing-preview">
      <Group gap="sm">
        <Text fw={600} size="sm">
          {refused ? 'No runs to show until the timing is fixed' : `Next five runs${words ? ` · ${words}` : ''}`}
        </Text>
        {cron && !refused && <Code data-testid="timing-preview-cron">{cron}</Code>}
        {loading && <Loader size="xs" />}
      </Group>
      {dstWarnings.length > 0 && (
        <Alert color="orange" variant="light" icon={<IconSunMoon />} title="Daylight saving changes the time of some runs" data-testid="timing-dst-warnings">
          <Stack gap={2}>
            {dstWarnings.map((warning) => (
              <Text key={`${warning.date}-${warning.kind}`} size="sm" data-testid="timing-dst-warning" data-kind={warning.kind}>
                {warning.message}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {upcoming && (
        <Table withTableBorder withRowBorders={false} striped fz="sm" maw={560} data-testid="timing-upcoming">
          <Table.Tbody>
            {upcoming.map((run) => {
              const date = run.local.slice(0, 10);
              return (
                <Table.Tr key={run.at} data-testid="timing-upcoming-run">
                  <Table.Td w={110}>{weekdayOf(date)}</Table.Td>
                  <Table.Td ff="monospace">{run.local}</Table.Td>
                  <Table.Td c="dimmed">{formatTimeUntil(run.at, now)}</Table.Td>
                  <Table.Td w={32}>
                    {warnedDates.has(date) && (
                      <IconAlertTriangle size={16} color="var(--mantine-color-orange-7)" aria-label="Daylight saving changes this day" />
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {upcoming && (
        <Text size="xs" c="dimmed">
          As a clock in {timeZone} reads them, with the offset from UTC.
        </Text>
      )}
    </Stack>
  );
}
