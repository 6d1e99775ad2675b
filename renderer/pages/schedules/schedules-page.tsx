import { Code, EmptyState, Loader, Stack } from '@mantine/core';
import { IconCalendarRepeat, IconPlus } from '@tabler/icons-react';
import { navigate, type ScheduleRef } from '../../app/routes';
import { useRequest } from '../../bridge/use-request';
import { useNow } from '../../components/backups/use-now';
import { ErrorAlert } from '../../components/error-alert';
import { LinkButton } from '../../components/link-button';
import { PageHeader } from '../../components/page-header';
import { useScheduleOverviews } from '../../components/schedules/use-schedule-overviews';
import { RunnerOwner } from './runner-owner';
import { ScheduleCard } from './schedule-card';
import { ScheduleHistoryDrawer } from './schedule-history';

/** Every schedule of every repository, who runs them, and one schedule's history beside them. */
export function SchedulesPage({ history }: { history: ScheduleRef | null }) {
  const profiles = useRequest('profiles.list', {});
  const listing = useScheduleOverviews(profiles.data);
  const now = useNow(15_000);
  const shown = history
    ? listing.schedules.find(
        ({ view, repositoryDir }) => view.schedule.name === history.name && (!history.repositoryDir || history.repositoryDir === repositoryDir),
      )
    : undefined;

  const newSchedule = (
    <LinkButton to={{ page: 'new-schedule' }} leftSection={<IconPlus size={18} />} disabled={profiles.data?.length === 0} data-testid="new-schedule">
      New schedule
    </LinkButton>
  );

  return (
    <>
      <PageHeader
        title="Schedules"
        description={
          <>
            Backups that run themselves. Schedules are kept in the backup repository, so the app, browser mode and <Code>tidemark daemon</Code> pointed at the
            same folder share them; one process at a time runs them.
          </>
        }
        actions={listing.schedules.length > 0 ? newSchedule : undefined}
      />
      {(profiles.isPending || listing.isPending) && <Loader />}
      {profiles.error && <ErrorAlert error={profiles.error} title="Cannot read the connection profiles" />}
      {Boolean(listing.error) && <ErrorAlert error={listing.error} title="Cannot read the schedules" />}
      {!listing.isPending && (
        <Stack gap="md">
          {listing.overviews
            .filter((overview) => overview.schedules.length > 0 || overview.owner || listing.overviews.length === 1)
            .map((overview) => (
              <RunnerOwner key={overview.repositoryDir} overview={overview} showRepository={listing.overviews.length > 1} />
            ))}
          {listing.schedules.length === 0 ? (
            <EmptyState
              icon={<IconCalendarRepeat size={32} />}
              title="No schedules yet"
              description={
                profiles.data?.length === 0
                  ? 'A schedule backs up a connection on its own. Add a connection first, then give it a schedule.'
                  : 'A schedule takes a logical (pg_dump) or physical (pg_basebackup) backup of a connection on its own: hourly, nightly at a time, weekly, or on any cron expression, in the time zone you choose. Slots missed while Tidemark was not running are recorded and caught up, failed runs are retried, and a schedule that stopped succeeding is shown as overdue.'
              }
              data-testid="schedules-empty"
            >
              <EmptyState.Actions>
                {profiles.data?.length === 0 ? <LinkButton to={{ page: 'new-connection' }}>Add a connection</LinkButton> : newSchedule}
              </EmptyState.Actions>
            </EmptyState>
          ) : (
            listing.schedules.map((listed) => <ScheduleCard key={`${listed.repositoryDir}/${listed.view.schedule.id}`} listed={listed} nowMs={now} />)
          )}
        </Stack>
      )}
      <ScheduleHistoryDrawer scheduleRef={history} timeZone={shown?.view.schedule.timing.timeZone ?? null} onClose={() => navigate({ page: 'schedules' })} />
    </>
  );
}
