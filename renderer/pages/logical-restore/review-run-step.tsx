import { Alert, Badge, Button, Code, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconPlayerPlay } from '@tabler/icons-react';
import type { LogicalRestoreRequest } from '../../../shared/contract/restore';
import type { LogicalManifest } from '../../../shared/domain/backup';
import type { JobSnapshotOf } from '../../../shared/contract/jobs';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { CopyableCommand } from '../../components/copyable-command';
import { ErrorAlert } from '../../components/error-alert';
import { JobProgress } from '../../components/job-progress';
import { shellCommandLine } from '../../components/psql-command';
import { tableKeyOf } from '../../components/backups/contents-groups';

/**
 * Step 5: the restore exactly as it will run (the same builder as the job, no password), then the
 * job itself with its live log and Cancel.
 */
export function ReviewRunStep({
  manifest,
  request,
  jobId,
  onBack,
  onStarted,
  onFinished,
}: {
  manifest: LogicalManifest;
  request: LogicalRestoreRequest;
  jobId: string | null;
  onBack(): void;
  onStarted(jobId: string): void;
  onFinished(snapshot: JobSnapshotOf<'restore.logical'>): void;
}) {
  if (jobId) {
    return (
      <Stack gap="md" data-testid="step-run">
        <JobProgress kind="restore.logical" jobId={jobId} onFinished={onFinished} />
      </Stack>
    );
  }
  return <Review manifest={manifest} request={request} onBack={onBack} onStarted={onStarted} />;
}

function Review({
  manifest,
  request,
  onBack,
  onStarted,
}: {
  manifest: LogicalManifest;
  request: LogicalRestoreRequest;
  onBack(): void;
  onStarted(jobId: string): void;
}) {
  const preview = useRequest('restore.preview', request);
  const start = useMutationRequest('restore.startLogical', { invalidates: ['jobs.list'], onSuccess: (started) => onStarted(started.jobId) });
  const { target } = request;
  const overwrite = target.kind === 'existing';
  const tables = request.options?.tables ?? [];
  const tableNames = new Map(manifest.logical.tables.map((table) => [tableKeyOf(table.schema, table.name), `${table.schema}.${table.name}`]));

  return (
    <Stack gap="md" data-testid="step-review">
      <Paper withBorder p="md" radius="md">
        <List spacing={6} size="sm">
          <List.Item>
            <strong>Backup:</strong> {manifest.logical.database} of {new Date(manifest.startedAt).toLocaleString()} ({manifest.logical.format} format,{' '}
            {manifest.id})
          </List.Item>
          <List.Item>
            <strong>What:</strong>{' '}
            {tables.length === 0
              ? 'everything in the backup'
              : `${tables.length} table${tables.length === 1 ? '' : 's'}: ${tables.map((t) => tableNames.get(tableKeyOf(t.schema, t.name)) ?? `${t.schema}.${t.name}`).join(', ')}`}
          </List.Item>
          <List.Item>
            <strong>Into:</strong>{' '}
            {overwrite ? (
              <>
                the existing database <Code>{target.database}</Code>{' '}
                <Badge size="xs" color="red">
                  overwritten
                </Badge>
              </>
            ) : (
              <>
                a new database <Code>{target.database}</Code>
              </>
            )}
          </List.Item>
        </List>
      </Paper>
      {preview.isPending && (
        <Group gap="sm">
          <Loader size="sm" />
          <Text size="sm">Preparing the exact commands…</Text>
        </Group>
      )}
      {preview.error && <ErrorAlert error={preview.error} title="This restore cannot run as chosen" />}
      {preview.data && (
        <>
          {preview.data.warnings.length > 0 && (
            <Alert color="yellow" icon={<IconAlertTriangle />} title="Before you start">
              <List size="sm" spacing={2}>
                {preview.data.warnings.map((warning) => (
                  <List.Item key={warning}>{warning}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Title order={3} size="h5">
            What will run
          </Title>
          <Stack gap="sm" data-testid="restore-steps">
            {preview.data.steps.map((step, index) => (
              <Stack key={index} gap={4} data-testid="restore-step">
                <Text size="sm" fw={600}>
                  {index + 1}. {step.title}
                </Text>
                {step.argv ? (
                  <CopyableCommand command={shellCommandLine(step.argv)} />
                ) : (
                  <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 160, overflow: 'auto' }}>
                    {step.text}
                  </Code>
                )}
              </Stack>
            ))}
          </Stack>
          {preview.data.environment.length > 0 && (
            <Text size="xs" c="dimmed">
              Environment: {preview.data.environment.join(', ')}.
            </Text>
          )}
        </>
      )}
      {start.error && <ErrorAlert error={start.error} title="The restore did not start" />}
      <Group justify="space-between" mt="md" pt="md" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack} data-testid="wizard-back">
          Back
        </Button>
        <Button
          size="md"
          color={overwrite ? 'red' : undefined}
          leftSection={<IconPlayerPlay size={18} />}
          disabled={!preview.data}
          loading={start.isPending}
          onClick={() => start.mutate(request)}
          data-testid="start-restore"
        >
          {overwrite ? `Overwrite ${target.database}` : `Restore into ${target.database}`}
        </Button>
      </Group>
    </Stack>
  );
}
