import { Alert, Button, EmptyState, Group, List, Loader, Modal, Select, Stack, Text } from '@mantine/core';
import { IconArchive, IconFileImport, IconPlus, IconRestore } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { backupStatuses, type BackupStatus } from '../../../shared/domain/backup';
import { navigate } from '../../app/routes';
import { useRequest } from '../../bridge/use-request';
import { ImportBackupForm } from '../../components/backups/import-backup-form';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { applyFilters, filterChoices, noFilters, type BackupFilters } from './backup-filters';
import { BackupDetailsDrawer } from './backup-details';
import { BackupHistoryList } from './backup-history-list';
import { LinkButton } from '../../components/link-button';

const statusLabels: Record<BackupStatus, string> = { complete: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' };

/** The backup history from the repositories on disk, with filters, and one backup's details beside it. */
export function BackupsPage({ backupId }: { backupId: string | null }) {
  const list = useRequest('backups.list', {});
  const [filters, setFilters] = useState<BackupFilters>(noFilters);
  const [importing, setImporting] = useState(false);
  const choices = useMemo(() => filterChoices(list.data?.backups ?? []), [list.data]);
  const shown = useMemo(() => applyFilters(list.data?.backups ?? [], filters), [list.data, filters]);
  const selected = list.data?.backups.find((backup) => backup.id === backupId) ?? null;
  const filtered = filters.profileId !== null || filters.database !== null || filters.status !== null;

  const newBackup = (
    <LinkButton to={{ page: 'new-backup' }} leftSection={<IconPlus size={18} />} data-testid="new-backup">
      Back up now
    </LinkButton>
  );
  const importButton = (
    <Button variant="default" leftSection={<IconFileImport size={18} />} onClick={() => setImporting(true)} data-testid="import-backup">
      Import a dump
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Backups"
        description="Every backup in the repository, newest first. The repository folder is the source of truth: another machine pointed at it sees the same history."
        actions={
          <>
            {newBackup}
            <LinkButton variant="default" to={{ page: 'logical-restore' }} leftSection={<IconRestore size={18} />}>
              Restore…
            </LinkButton>
            {importButton}
          </>
        }
      />
      {list.isPending && <Loader />}
      {list.error && <ErrorAlert error={list.error} title="Cannot read the backup history" />}
      {list.data && (
        <Stack gap="md">
          {list.data.unreadable.length > 0 && (
            <Alert
              color="yellow"
              title={`${list.data.unreadable.length} manifest${list.data.unreadable.length === 1 ? '' : 's'} could not be read`}
              data-testid="unreadable-backups"
            >
              <List size="sm" spacing={2}>
                {list.data.unreadable.map((entry) => (
                  <List.Item key={`${entry.repositoryDir}/${entry.id}`}>
                    <strong>{entry.id}</strong> in {entry.repositoryDir}: {entry.problem}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {list.data.backups.length === 0 ? (
            <EmptyState
              icon={<IconArchive size={32} />}
              title="No backups yet"
              description="A logical backup is a pg_dump of one database: its tables, rows, views and functions, in a file Tidemark checksums and can restore into a new database or over the old one. Take one from a connection, or import a dump made elsewhere."
              data-testid="backups-empty"
            >
              <EmptyState.Actions>
                {newBackup}
                {importButton}
              </EmptyState.Actions>
            </EmptyState>
          ) : (
            <>
              <Group gap="sm" align="flex-end" data-testid="backup-filters">
                <Select
                  label="Profile"
                  placeholder="All profiles"
                  clearable
                  data={choices.profiles}
                  value={filters.profileId}
                  onChange={(profileId) => setFilters((current) => ({ ...current, profileId }))}
                  w={200}
                  data-testid="filter-profile"
                />
                <Select
                  label="Database"
                  placeholder="All databases"
                  clearable
                  searchable
                  data={choices.databases}
                  value={filters.database}
                  onChange={(database) => setFilters((current) => ({ ...current, database }))}
                  w={200}
                  data-testid="filter-database"
                />
                <Select
                  label="Status"
                  placeholder="Any status"
                  clearable
                  data={backupStatuses.map((status) => ({ value: status, label: statusLabels[status] }))}
                  value={filters.status}
                  onChange={(status) => setFilters((current) => ({ ...current, status: status as BackupStatus | null }))}
                  w={160}
                  data-testid="filter-status"
                />
                {filtered && (
                  <Button variant="subtle" onClick={() => setFilters(noFilters)}>
                    Clear filters
                  </Button>
                )}
                <Text size="sm" c="dimmed" ml="auto" data-testid="backup-count">
                  {filtered
                    ? `${shown.length} of ${list.data.backups.length} backups`
                    : `${list.data.backups.length} backup${list.data.backups.length === 1 ? '' : 's'}`}
                </Text>
              </Group>
              {shown.length === 0 ? (
                <Text c="dimmed" size="sm" data-testid="backups-none-match">
                  No backup matches these filters.
                </Text>
              ) : (
                <BackupHistoryList backups={shown} selectedId={backupId} onOpen={(id) => navigate({ page: 'backups', backupId: id })} />
              )}
              <Text size="xs" c="dimmed">
                Repository: {list.data.repositories.join(' · ')}
              </Text>
            </>
          )}
        </Stack>
      )}
      <BackupDetailsDrawer backupId={backupId} summary={selected} onClose={() => navigate({ page: 'backups' })} />
      <Modal opened={importing} onClose={() => setImporting(false)} title="Import a dump made elsewhere" size="lg" centered>
        <ImportBackupForm
          onImported={(manifest) => {
            setImporting(false);
            navigate({ page: 'backups', backupId: manifest.id });
          }}
        />
      </Modal>
    </>
  );
}
