import { Accordion, Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArchive, IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import type { ProfileView } from '../../../shared/domain/profile';
import type { RestoreResult } from '../../../shared/domain/restore';
import { useJob } from '../../bridge/use-job';
import { RowCountsTable } from '../../components/backups/row-counts-table';
import { CopyableCommand } from '../../components/copyable-command';
import { JobLog } from '../../components/job-log';
import { psqlCommandFor } from '../../components/psql-command';
import { RestoreMessagesList } from './restore-messages-list';
import { formatDurationMs } from '../../../shared/format/duration';
import { LinkButton } from '../../components/link-button';

/** Step 6: what was restored, table by table against the backup's counts, and every message worth reading. */
export function RestoreResultView({
  result,
  jobId,
  profile,
  onAnother,
}: {
  result: RestoreResult;
  jobId: string;
  profile: ProfileView | null;
  onAnother(): void;
}) {
  const job = useJob('restore.logical', jobId);
  const problems = result.messages.filter((message) => message.level !== 'info');
  const outcome = result.mismatchedTables > 0 ? 'mismatch' : result.outcome;

  return (
    <Stack gap="lg" data-testid="restore-result" data-outcome={outcome}>
      {outcome === 'clean' && (
        <Alert color="teal" icon={<IconCircleCheck />} title={`Restored into ${result.database}`}>
          {result.tables.length} table{result.tables.length === 1 ? '' : 's'} restored {result.created ? 'into the new database' : 'over the existing database'}{' '}
          {result.database} on {result.server} in {formatDurationMs(result.durationMs)}; every table has the rows recorded at backup time.
        </Alert>
      )}
      {outcome === 'with-warnings' && (
        <Alert
          color="yellow"
          icon={<IconAlertTriangle />}
          title={result.ignoredErrors > 0 ? `Restored, with errors ignored on restore: ${result.ignoredErrors}` : 'Restored, with errors to read'}
          data-testid="restore-ignored-errors"
        >
          pg_restore went on past {result.ignoredErrors > 0 ? `${result.ignoredErrors} error${result.ignoredErrors === 1 ? '' : 's'}` : 'errors'}:{' '}
          {result.database} is usable, but not for the objects named below. Each one is listed with the statement that failed.
        </Alert>
      )}
      {outcome === 'mismatch' && (
        <Alert
          color="red"
          icon={<IconAlertTriangle />}
          title={`${result.mismatchedTables} table${result.mismatchedTables === 1 ? ' differs' : 's differ'} from the backup`}
          data-testid="restore-mismatch"
        >
          Their rows after the restore are not those recorded at backup time: they are marked below. Read the messages for why before relying on{' '}
          {result.database}.
        </Alert>
      )}
      <section>
        <Title order={3} size="h5" mb="xs">
          Rows per table
        </Title>
        <RowCountsTable tables={result.tables} />
      </section>
      <section>
        <Title order={3} size="h5" mb="xs">
          {problems.length === 0 ? 'Messages' : `Messages (${problems.length})`}
        </Title>
        {problems.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="restore-no-messages">
            pg_restore reported no errors or warnings.
          </Text>
        ) : (
          <RestoreMessagesList messages={problems} />
        )}
      </section>
      <Accordion variant="contained" radius="md">
        <Accordion.Item value="log">
          <Accordion.Control>The whole log ({job.logs.length} lines)</Accordion.Control>
          <Accordion.Panel>
            <JobLog lines={job.logs} heightPx={320} />
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
      {profile && profile.target.kind === 'params' && (
        <CopyableCommand label="Open the restored database in a terminal" command={psqlCommandFor({ ...profile.target, database: result.database })} />
      )}
      <Group>
        <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={onAnother} data-testid="restore-another">
          Restore another backup
        </Button>
        <LinkButton variant="subtle" to={{ page: 'backups', backupId: result.backupId }} leftSection={<IconArchive size={16} />}>
          Back to the backup
        </LinkButton>
      </Group>
    </Stack>
  );
}
