import { Alert, Anchor, Code, Group, List, Loader, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconClockPause, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import type { ArchiveRef } from '../../../shared/contract/wal';
import type { IdleLag, RecoverableWindow } from '../../../shared/domain/wal-archive';
import { hrefFor } from '../../app/routes';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../error-alert';
import { formatInstant } from './display-units';
import { RecoverableWindowBar } from './recoverable-window-bar';
import { formatDurationSeconds } from '../../../shared/format/duration';

const rpoChoices = [
  { value: '60', label: '1 minute' },
  { value: '300', label: '5 minutes' },
  { value: '900', label: '15 minutes' },
  { value: '3600', label: '1 hour' },
];

/**
 * The cluster's recoverable window: the bar, why the latest point lags on an idle server (with
 * the archive_timeout that bounds it), and the notes on what is missing.
 */
export function RecoverableWindowPanel({
  archive,
  profileId,
  archiveTimeoutSeconds,
}: {
  archive: ArchiveRef;
  profileId?: string;
  archiveTimeoutSeconds?: number | null;
}) {
  const [rpoSeconds, setRpoSeconds] = useState(300);
  const window = useRequest('wal.window', { ...archive, rpoSeconds });

  return (
    <Paper withBorder p="lg" radius="md" data-testid="recoverable-window">
      <Stack gap="md">
        <Group justify="space-between" align="baseline">
          <Title order={3} size="h5">
            Recoverable window
          </Title>
          <Text size="xs" c="dimmed">
            From the base backups and the archive's last commit records (pg_waldump), not from file times
          </Text>
        </Group>
        {window.isPending && (
          <Group gap="sm">
            <Loader size="sm" />
            <Text size="sm">Reading the archive's commit records…</Text>
          </Group>
        )}
        {window.error?.code === 'not_found' ? (
          <Alert color="blue" icon={<IconInfoCircle />} title="No archived WAL of this cluster yet" data-testid="window-no-archive">
            Point-in-time recovery replays archived WAL from a base backup on; the repository holds none for this cluster, so there is no window yet.{' '}
            {profileId && <Anchor href={hrefFor({ page: 'archiving', profileId })}>Set up archiving</Anchor>}
          </Alert>
        ) : (
          window.error && <ErrorAlert error={window.error} title="Cannot compute the recoverable window" />
        )}
        {window.data && <WindowDetails window={window.data} rpoSeconds={rpoSeconds} onRpoChange={setRpoSeconds} profileId={profileId} />}
        {window.data && !window.data.idleLag && archiveTimeoutSeconds === 0 && (
          <Text size="sm" c="dimmed" data-testid="archive-timeout-off">
            archive_timeout is off on this server: while it is quiet, its newest commits wait in the current segment until 16 MB fill, so the latest recoverable
            point can fall far behind.{' '}
            {profileId && (
              <Anchor size="sm" href={hrefFor({ page: 'archiving', profileId })}>
                Set archive_timeout in the archiving setup
              </Anchor>
            )}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function WindowDetails({
  window,
  rpoSeconds,
  onRpoChange,
  profileId,
}: {
  window: RecoverableWindow;
  rpoSeconds: number;
  onRpoChange: (seconds: number) => void;
  profileId?: string;
}) {
  const noBackup = window.baseBackups.length === 0;
  return (
    <Stack gap="md">
      {noBackup ? (
        <Alert color="blue" icon={<IconInfoCircle />} title="No base backup yet" data-testid="window-empty">
          Point-in-time recovery starts from a physical base backup and replays the archived WAL after it. This cluster has none in the repository, so no moment
          can be recovered yet. {profileId && <Anchor href={hrefFor({ page: 'physical-backup', profileId })}>Take a physical backup</Anchor>}
        </Alert>
      ) : (
        <RecoverableWindowBar window={window} />
      )}
      {window.idleLag && <IdleLagAlert lag={window.idleLag} rpoSeconds={rpoSeconds} onRpoChange={onRpoChange} profileId={profileId} />}
      {window.notes.length > 0 && (
        <List size="sm" spacing={4} icon={<IconInfoCircle size={16} color="var(--mantine-color-blue-7)" />} data-testid="window-notes">
          {window.notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

function IdleLagAlert({
  lag,
  rpoSeconds,
  onRpoChange,
  profileId,
}: {
  lag: IdleLag;
  rpoSeconds: number;
  onRpoChange: (seconds: number) => void;
  profileId?: string;
}) {
  const timeoutText =
    lag.archiveTimeoutSeconds === null ? 'unknown (the server was not asked)' : lag.archiveTimeoutSeconds === 0 ? 'off (0)' : `${lag.archiveTimeoutSeconds} s`;
  return (
    <Alert
      color="yellow"
      icon={<IconClockPause />}
      title={`The latest recoverable point, ${formatInstant(lag.lastCommitTime)}, is ${formatDurationSeconds(lag.lagSeconds)} behind now`}
      data-testid="window-idle-lag"
    >
      <Stack gap="sm">
        <Text size="sm">{lag.explanation}</Text>
        <Group gap="lg" align="flex-end">
          <Text size="sm">
            archive_timeout now: <Code data-testid="archive-timeout-now">{timeoutText}</Code>
          </Text>
          <Select
            label="Data loss you accept"
            size="xs"
            w={160}
            data={rpoChoices}
            value={String(rpoSeconds)}
            onChange={(value) => value && onRpoChange(Number(value))}
            allowDeselect={false}
          />
          <Text size="sm">
            Suggested: <Code data-testid="archive-timeout-suggested">archive_timeout = {lag.suggestedArchiveTimeoutSeconds}</Code>
          </Text>
          {profileId && (
            <Anchor size="sm" href={hrefFor({ page: 'archiving', profileId })}>
              Set it in the archiving setup
            </Anchor>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
