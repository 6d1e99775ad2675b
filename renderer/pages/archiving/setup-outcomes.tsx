import { Alert, Button, Code, Group, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconClockExclamation, IconPlayerPause, IconRefresh } from '@tabler/icons-react';
import type { ArchiveApplyResult, ArchiveVerification } from '../../../shared/domain/archiving';
import { LinkButton } from '../../components/link-button';

/** What applying did: the settings written, the reload, and whether a restart is still needed. */
export function ApplyOutcome({ result, onRestart, restarting }: { result: ArchiveApplyResult; onRestart: (() => void) | null; restarting: boolean }) {
  return (
    <Stack gap="sm" data-testid="apply-outcome" data-restart={result.restart}>
      {result.applied.length > 0 ? (
        <Text size="sm">
          Written with ALTER SYSTEM: <Code>{result.applied.map((change) => `${change.name} = '${change.to}'`).join(', ')}</Code>
          {result.reloaded ? ', then pg_reload_conf().' : '.'}
        </Text>
      ) : (
        <Text size="sm">No setting needed changing.</Text>
      )}
      {result.restart === 'done' && <Text size="sm">The managed cluster was restarted; nothing waits for a restart any more.</Text>}
      {result.restart === 'not-needed' && result.reloaded && <Text size="sm">A reload was enough: every change is in effect.</Text>}
      {result.restart === 'needed' && (
        <Alert color="orange" icon={<IconRefresh />} title="PostgreSQL must restart before it archives" data-testid="restart-pending">
          <Stack gap="xs">
            <Text size="sm">
              Waiting for a restart: <Code>{result.pendingRestart.join(', ')}</Code>. Until then the server runs with the old values and archives nothing new.
            </Text>
            {onRestart ? (
              <Group>
                <Button color="orange" leftSection={<IconRefresh size={16} />} loading={restarting} onClick={onRestart} data-testid="restart-now">
                  Restart the managed cluster now
                </Button>
              </Group>
            ) : (
              <Text size="sm" fw={600}>
                Restart it the way it is run (systemctl restart postgresql, pg_ctl restart -D DATADIR, your orchestrator), then verify below.
              </Text>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

/** Why verification did not prove archiving, and what to do. */
export function VerificationProblem({ verification }: { verification: Exclude<ArchiveVerification, { status: 'works' }> }) {
  switch (verification.status) {
    case 'failing':
      return (
        <Alert color="red" icon={<IconAlertTriangle />} title="The archiver fails" data-testid="verification-result" data-status="failing">
          <Stack gap={4}>
            <Text size="sm">{verification.message}</Text>
            <Text size="sm">
              failed_count is {verification.failedCount}
              {verification.lastFailedWal && (
                <>
                  ; last failed segment <Code>{verification.lastFailedWal}</Code>
                </>
              )}
              .
            </Text>
          </Stack>
        </Alert>
      );
    case 'timed-out':
      return (
        <Alert
          color="orange"
          icon={<IconClockExclamation />}
          title="The segment did not arrive in time"
          data-testid="verification-result"
          data-status="timed-out"
        >
          <Text size="sm">{verification.message}</Text>
        </Alert>
      );
    case 'inactive':
      return (
        <Alert color="orange" icon={<IconPlayerPause />} title="The server is not archiving" data-testid="verification-result" data-status="inactive">
          <Text size="sm">{verification.message}</Text>
        </Alert>
      );
  }
}

/** The end of the wizard: proved with a real segment, and what to do next. */
export function ArchivingWorks({
  verification,
  archiveDir,
  profileId,
  systemIdentifier,
  repositoryDir,
}: {
  verification: Extract<ArchiveVerification, { status: 'works' }>;
  archiveDir: string;
  profileId: string;
  systemIdentifier: string;
  repositoryDir?: string;
}) {
  return (
    <Paper withBorder p="lg" radius="md" bg="teal.0" data-testid="archiving-works" style={{ borderColor: 'var(--mantine-color-teal-4)' }}>
      <Stack gap="sm">
        <Group gap="sm">
          <ThemeIcon color="teal" radius="xl" size="lg">
            <IconCircleCheck size={22} />
          </ThemeIcon>
          <Title order={3} size="h4" c="teal.9">
            Archiving works
          </Title>
        </Group>
        <List size="sm" spacing={4}>
          <List.Item>
            pg_switch_wal() closed segment <Code data-testid="verified-segment">{verification.segment}</Code>, and it reached <Code>{archiveDir}</Code> in{' '}
            {(verification.waitedMs / 1000).toFixed(1)} s.
          </List.Item>
          <List.Item>
            pg_stat_archiver counts it: {verification.archivedCount.toLocaleString()} segment{verification.archivedCount === 1 ? '' : 's'} archived since its
            statistics were reset.
          </List.Item>
        </List>
        <Group gap="sm">
          <Text size="sm">Point-in-time recovery also needs a base backup to start from. Next:</Text>
          <LinkButton size="compact-sm" variant="light" to={{ page: 'physical-backup', profileId }}>
            Take a physical backup
          </LinkButton>
          <LinkButton size="compact-sm" variant="subtle" to={{ page: 'wal-archive', systemIdentifier, repositoryDir }}>
            Browse the WAL archive
          </LinkButton>
        </Group>
      </Stack>
    </Paper>
  );
}
