import { Alert, Checkbox, Code, Group, NumberInput, Paper, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import type { PlannedDestination } from '../../../shared/domain/pitr';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import type { DestinationDraft } from './recovery-draft';

/**
 * Step 4: where the recovered cluster goes. By default a new data directory and a free port, so
 * the source keeps running while the copy is inspected; or, for a cluster Tidemark manages, in
 * place, its current data directory moved aside (never deleted), confirmed by typing its name.
 */
export function DestinationStep({
  destination,
  onChange,
  suggestion,
  pauseForInspection,
  onPauseChange,
  pauseMeaningful,
}: {
  destination: DestinationDraft;
  onChange: (next: DestinationDraft) => void;
  /** Where a new-directory recovery would go now (the target plan's destination). */
  suggestion: PlannedDestination | null;
  pauseForInspection: boolean;
  onPauseChange: (pause: boolean) => void;
  /** "Latest" has no target to pause at. */
  pauseMeaningful: boolean;
}) {
  const clusters = useRequest('clusters.list', {});
  const inPlace = destination.kind === 'in-place' ? destination : null;
  const chosenCluster = inPlace ? clusters.data?.find((cluster) => cluster.id === inPlace.clusterId) : undefined;

  return (
    <Stack gap="lg">
      <Radio.Group
        value={destination.kind}
        onChange={(kind) =>
          onChange(
            kind === 'in-place'
              ? { kind: 'in-place', clusterId: clusters.data?.[0]?.id ?? null, confirmName: '' }
              : { kind: 'new-directory', dataDir: '', port: suggestion?.kind === 'new-directory' ? suggestion.port : null },
          )
        }
      >
        <Stack gap="sm">
          <Paper withBorder radius="md" p="md">
            <Radio
              value="new-directory"
              label={<Text fw={600}>A new data directory and a free port on this machine (recommended)</Text>}
              description="The source keeps running untouched; the copy starts beside it, you take what you need from it, then stop or delete it."
              data-testid="destination-new"
            />
            {destination.kind === 'new-directory' && (
              <Stack mt="md" ml={32} gap="sm">
                <TextInput
                  label="Data directory"
                  description="Absent or empty. Leave it empty for a new folder in Tidemark's clusters folder."
                  placeholder={suggestion?.kind === 'new-directory' ? suggestion.dataDir : 'A new folder in Tidemark\u2019s clusters folder'}
                  value={destination.dataDir}
                  onChange={(event) => onChange({ ...destination, dataDir: event.currentTarget.value })}
                  data-testid="destination-data-dir"
                />
                <NumberInput
                  label="Port"
                  description="A free port, suggested by Tidemark; empty: pick one when starting."
                  min={1024}
                  max={65535}
                  allowDecimal={false}
                  thousandSeparator=""
                  value={destination.port ?? ''}
                  onChange={(value) => onChange({ ...destination, port: typeof value === 'number' ? value : null })}
                  maw={220}
                  data-testid="destination-port"
                />
              </Stack>
            )}
          </Paper>
          <Paper withBorder radius="md" p="md">
            <Radio
              value="in-place"
              disabled={!clusters.data?.length}
              label={<Text fw={600}>Replace a cluster Tidemark manages, in place</Text>}
              description={
                clusters.data?.length
                  ? 'For the sandbox or a development copy. It is stopped and its data directory is moved aside — kept, never deleted — then recovery writes into the original path.'
                  : 'Tidemark manages no local cluster here (the sandbox, a recovered copy): only those can be replaced in place.'
              }
              data-testid="destination-in-place"
            />
            {inPlace && (
              <Stack gap="sm" mt="md" ml={32}>
                {clusters.error && <ErrorAlert error={clusters.error} />}
                <Select
                  label="Cluster to replace"
                  data={(clusters.data ?? []).map((cluster) => ({
                    value: cluster.id,
                    label: `${cluster.name} (${cluster.role}, port ${cluster.port}, ${cluster.state})`,
                  }))}
                  value={inPlace.clusterId}
                  onChange={(clusterId) => onChange({ kind: 'in-place', clusterId, confirmName: '' })}
                  maw={520}
                  data-testid="in-place-cluster"
                />
                {chosenCluster && (
                  <>
                    <Alert color="orange" variant="light" icon={<IconAlertTriangle />} title={`${chosenCluster.name} will be replaced`}>
                      <Text size="sm">
                        Tidemark stops it{chosenCluster.state === 'running' ? ' (it is running now: its connections are cut)' : ''} and renames{' '}
                        <Code>{chosenCluster.dataDir}</Code> to <Code>{chosenCluster.dataDir}.old-&lt;time&gt;</Code>. That folder is never deleted by Tidemark:
                        it is listed on the Clusters page, where you can put it back or delete it. If the recovery fails or is cancelled, it is moved back.
                      </Text>
                    </Alert>
                    <TextInput
                      label={
                        <>
                          Type <strong>{chosenCluster.name}</strong> to confirm
                        </>
                      }
                      value={inPlace.confirmName}
                      onChange={(event) => onChange({ ...inPlace, confirmName: event.currentTarget.value })}
                      error={inPlace.confirmName && inPlace.confirmName.trim() !== chosenCluster.name ? 'Not the name yet.' : undefined}
                      maw={520}
                      autoComplete="off"
                      data-testid="in-place-confirm"
                    />
                  </>
                )}
              </Stack>
            )}
          </Paper>
        </Stack>
      </Radio.Group>
      <Checkbox
        checked={pauseForInspection && pauseMeaningful}
        disabled={!pauseMeaningful}
        onChange={(event) => onPauseChange(event.currentTarget.checked)}
        label="Inspect before promoting"
        description={
          pauseMeaningful
            ? 'Recovery pauses at the target (recovery_target_action = pause) with the cluster read-only. Browse the data; then promote it, or move the target later and resume — without starting over.'
            : 'Recovery to the latest point has no target to pause at: it promotes at the end of the archive.'
        }
        data-testid="pause-for-inspection"
      />
      {destination.kind === 'new-directory' && (
        <Group gap={6} c="dimmed">
          <IconInfoCircle size={16} />
          <Text size="sm">The copy does not archive WAL (archive_mode = off): it can never write into its source&apos;s archive.</Text>
        </Group>
      )}
    </Stack>
  );
}
