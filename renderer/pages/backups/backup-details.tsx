import { Alert, Badge, Button, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import { verificationBadge, type BackupManifest, type BackupSummary } from '../../../shared/domain/backup';
import { useRequest } from '../../bridge/use-request';
import { BackupStatusBadge, VerificationBadgeView } from '../../components/backups/backup-badges';
import { ContentsTree } from '../../components/backups/contents-tree';
import { tableKeyOf } from '../../components/backups/contents-groups';
import { ManifestLogView } from '../../components/backups/manifest-log-view';
import { formatTimestamp } from '../../components/backups/units';
import { ErrorAlert } from '../../components/error-alert';
import { SideDrawer } from '../../components/side-drawer';
import { BackupFacts } from './backup-facts';
import { DeleteBackupButton } from './delete-backup-button';
import { VerificationHistory } from './verification-history';
import { VerifyPanel } from './verify-panel';
import { LinkButton } from '../../components/link-button';

type DetailsTab = 'summary' | 'log' | 'contents' | 'verification';

/** The pane beside the history: one backup's manifest, log, contents and verifications, and what can be done with it. */
export function BackupDetailsDrawer({ backupId, summary, onClose }: { backupId: string | null; summary: BackupSummary | null; onClose(): void }) {
  return (
    <SideDrawer opened={backupId !== null} onClose={onClose} size={700} closeLabel="Close the details" title="Backup details" testId="backup-details">
      {backupId && <BackupDetails key={backupId} backupId={backupId} repositoryDir={summary?.repositoryDir ?? null} onDeleted={onClose} />}
    </SideDrawer>
  );
}

function BackupDetails({ backupId, repositoryDir, onDeleted }: { backupId: string; repositoryDir: string | null; onDeleted(): void }) {
  const manifest = useRequest('backups.get', { id: backupId });
  if (manifest.isPending) return <Loader />;
  if (manifest.error) return <ErrorAlert error={manifest.error} title="Cannot read this backup's manifest" />;
  return <ManifestDetails manifest={manifest.data} repositoryDir={repositoryDir} onDeleted={onDeleted} />;
}

function ManifestDetails({ manifest, repositoryDir, onDeleted }: { manifest: BackupManifest; repositoryDir: string | null; onDeleted(): void }) {
  const [tab, setTab] = useState<DetailsTab>('summary');
  const logical = manifest.kind === 'logical' ? manifest : null;
  const complete = manifest.status === 'complete';
  const what = logical ? `the backup of ${logical.logical.database}` : `the ${manifest.kind} backup`;
  const warnings = manifest.log.filter((line) => line.level === 'warning').length;
  const errors = manifest.log.filter((line) => line.level === 'error').length;

  return (
    <Stack gap="md" data-testid="backup-details-body" data-backup-id={manifest.id}>
      <Stack gap={4}>
        <Group gap="sm">
          <Title order={4} data-testid="details-title">
            {logical ? logical.logical.database : `${manifest.kind} backup`}
          </Title>
          <BackupStatusBadge status={manifest.status} />
          {complete && <VerificationBadgeView badge={verificationBadge(manifest.verifications)} />}
          {manifest.origin === 'imported' && (
            <Badge variant="outline" color="gray">
              Imported
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {formatTimestamp(manifest.startedAt)}
          {manifest.profile ? ` · ${manifest.profile.name}` : ''}
        </Text>
      </Stack>
      <Group gap="sm">
        {logical && complete && (
          <LinkButton to={{ page: 'logical-restore', backupId: manifest.id }} leftSection={<IconRestore size={16} />} data-testid="restore-this">
            Restore…
          </LinkButton>
        )}
        {complete && (
          <Button variant="default" onClick={() => setTab('verification')} data-testid="open-verify">
            Verify…
          </Button>
        )}
        <DeleteBackupButton backupId={manifest.id} what={what} onDeleted={onDeleted} />
      </Group>
      {manifest.failure && (
        <Alert
          color={manifest.status === 'cancelled' ? 'orange' : 'red'}
          variant="light"
          icon={<IconAlertTriangle />}
          title={manifest.status === 'cancelled' ? 'Cancelled' : 'Failed'}
          data-testid="backup-failure"
        >
          <Text size="sm">{manifest.failure.message}</Text>
          {manifest.failure.hint && (
            <Text size="sm" fw={600} mt={4}>
              {manifest.failure.hint}
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={4}>
            Nothing of it can be restored: only this record is kept, so the history says what happened.
          </Text>
        </Alert>
      )}
      <Tabs value={tab} onChange={(value) => setTab((value as DetailsTab | null) ?? 'summary')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="summary">Summary</Tabs.Tab>
          <Tabs.Tab
            value="log"
            data-testid="tab-log"
            rightSection={
              errors + warnings > 0 ? (
                <Badge size="xs" color={errors ? 'red' : 'yellow'} variant="light">
                  {errors ? `${errors} error${errors === 1 ? '' : 's'}` : `${warnings} warning${warnings === 1 ? '' : 's'}`}
                </Badge>
              ) : undefined
            }
          >
            Log
          </Tabs.Tab>
          {logical && complete && <Tabs.Tab value="contents">Contents</Tabs.Tab>}
          {complete && (
            <Tabs.Tab
              value="verification"
              rightSection={
                <Badge size="xs" variant="light" color="gray">
                  {manifest.verifications.length}
                </Badge>
              }
            >
              Verification
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="summary" pt="md">
          <BackupFacts manifest={manifest} repositoryDir={repositoryDir} />
        </Tabs.Panel>
        <Tabs.Panel value="log" pt="md">
          <ManifestLogView lines={manifest.log} heightPx={460} />
        </Tabs.Panel>
        {logical && complete && (
          <Tabs.Panel value="contents" pt="md">
            <BackupContentsView
              backupId={manifest.id}
              rowsByTable={new Map(logical.logical.tables.map((table) => [tableKeyOf(table.schema, table.name), table.rows]))}
            />
          </Tabs.Panel>
        )}
        {complete && (
          <Tabs.Panel value="verification" pt="md">
            <Stack gap="lg">
              <VerifyPanel backupId={manifest.id} kind={manifest.kind} hasProfile={manifest.profile !== null} />
              <VerificationHistory verifications={manifest.verifications} />
            </Stack>
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

function BackupContentsView({ backupId, rowsByTable }: { backupId: string; rowsByTable: ReadonlyMap<string, number | null> }) {
  const contents = useRequest('backups.contents', { id: backupId });
  if (contents.isPending) {
    return (
      <Group gap="sm">
        <Loader size="sm" />
        <Text size="sm">Reading the archive's table of contents (pg_restore --list)…</Text>
      </Group>
    );
  }
  if (contents.error) return <ErrorAlert error={contents.error} title="Cannot read the contents" />;
  return <ContentsTree contents={contents.data} rowsByTable={rowsByTable} />;
}
