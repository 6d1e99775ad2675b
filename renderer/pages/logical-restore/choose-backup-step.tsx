import { Badge, Box, EmptyState, Group, Loader, Paper, ScrollArea, SegmentedControl, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconArchive, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { BackupSummary } from '../../../shared/domain/backup';
import { BackupStatusBadge, VerificationBadgeView } from '../../components/backups/backup-badges';
import { ImportBackupForm } from '../../components/backups/import-backup-form';
import { formatAge, formatTimestamp } from '../../components/backups/units';
import { useNow } from '../../components/backups/use-now';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { formatBytes } from '../../../shared/format/bytes';

// The newest matches are what people restore; the search narrows the rest.
const shownAtMost = 100;

/** Step 1: a complete logical backup from the history, or a dump file imported on the spot. */
export function ChooseBackupStep({ backupId, onChoose }: { backupId: string | null; onChoose(id: string): void }) {
  const [source, setSource] = useState<'history' | 'file'>('history');
  return (
    <Stack gap="md" data-testid="step-backup">
      <SegmentedControl
        value={source}
        onChange={(value) => setSource(value as 'history' | 'file')}
        data={[
          { value: 'history', label: 'From the history' },
          { value: 'file', label: 'From a dump file' },
        ]}
        w={360}
      />
      {source === 'history' ? (
        <HistoryChoice backupId={backupId} onChoose={onChoose} />
      ) : (
        <Paper withBorder p="lg" radius="md">
          <ImportBackupForm
            submitLabel="Import it and continue"
            onImported={(manifest) => {
              setSource('history');
              onChoose(manifest.id);
            }}
          />
        </Paper>
      )}
    </Stack>
  );
}

function HistoryChoice({ backupId, onChoose }: { backupId: string | null; onChoose(id: string): void }) {
  const list = useRequest('backups.list', { kind: 'logical', status: 'complete' });
  const [search, setSearch] = useState('');
  const now = useNow();
  const matching = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const all = list.data?.backups ?? [];
    return needle ? all.filter((backup) => [backup.database, backup.profile?.name, backup.id].some((text) => text?.toLowerCase().includes(needle))) : all;
  }, [list.data, search]);

  if (list.isPending) return <Loader />;
  if (list.error) return <ErrorAlert error={list.error} title="Cannot read the backup history" />;
  if (list.data.backups.length === 0) {
    return (
      <EmptyState
        icon={<IconArchive size={32} />}
        title="No complete logical backup yet"
        description="Take a backup first, or restore from a dump file made elsewhere (the other tab)."
      />
    );
  }
  return (
    <Stack gap="xs">
      <TextInput
        placeholder="Find by database, profile or id"
        aria-label="Find a backup"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        w={360}
      />
      <ScrollArea.Autosize mah={420} type="auto">
        <Stack gap={6} role="radiogroup" aria-label="Backups">
          {matching.slice(0, shownAtMost).map((backup) => (
            <BackupChoice key={backup.id} backup={backup} chosen={backup.id === backupId} nowMs={now} onChoose={() => onChoose(backup.id)} />
          ))}
        </Stack>
      </ScrollArea.Autosize>
      <Text size="xs" c="dimmed">
        {matching.length > shownAtMost
          ? `The ${shownAtMost} newest of ${matching.length} matching backups: search to narrow them.`
          : `${matching.length} complete logical backup${matching.length === 1 ? '' : 's'}.`}
      </Text>
    </Stack>
  );
}

function BackupChoice({ backup, chosen, nowMs, onChoose }: { backup: BackupSummary; chosen: boolean; nowMs: number; onChoose(): void }) {
  return (
    <UnstyledButton onClick={onChoose} role="radio" aria-checked={chosen} data-testid="backup-choice" data-backup-id={backup.id}>
      <Box
        p="sm"
        style={{
          border: `1px solid ${chosen ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}`,
          background: chosen ? 'var(--mantine-primary-color-light)' : undefined,
          borderRadius: 'var(--mantine-radius-md)',
        }}
      >
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Text fw={650}>{backup.database}</Text>
              {backup.origin === 'imported' && (
                <Badge size="xs" variant="outline" color="gray">
                  imported
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {formatTimestamp(backup.startedAt)} ({formatAge(backup.startedAt, nowMs)}) · {backup.profile?.name ?? 'no profile'} · {backup.format} ·{' '}
              {formatBytes(backup.totalBytes)}
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            <BackupStatusBadge status={backup.status} />
            <VerificationBadgeView badge={backup.verification} />
          </Group>
        </Group>
      </Box>
    </UnstyledButton>
  );
}
