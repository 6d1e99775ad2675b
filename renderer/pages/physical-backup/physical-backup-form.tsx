import { Alert, Button, Checkbox, Group, List, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import type { PhysicalBackupRequest } from '../../../shared/contract/physical';
import {
  compressionMethods,
  compressionProblem,
  formatCompressionSpec,
  levelRange,
  type BasebackupCapabilities,
  type BasebackupFormat,
  type CheckpointMode,
  type CompressionMethod,
  type CompressionSpec,
  parseCompressionSpec,
} from '../../../shared/domain/physical';
import { LabelledSegmentedControl } from '../../components/labelled-segmented-control';

type Location = CompressionSpec['location'];

export interface PhysicalBackupDraft {
  format: BasebackupFormat;
  method: CompressionMethod | 'none';
  location: Location;
  level: number | null;
  workers: number | null;
  checkpoint: CheckpointMode;
  label: string;
  verify: boolean;
  limitRate: boolean;
  maxRateKbps: number;
}

/** Server-side zstd is the fastest physical mode measured (DEVELOPERS.md), when the server and tool have it. */
export function defaultDraft(capabilities: BasebackupCapabilities): PhysicalBackupDraft {
  const serverZstd = capabilities.compressions.find((option) => option.method === 'zstd' && option.location === 'server' && option.available);
  return {
    format: 'tar',
    method: serverZstd ? 'zstd' : 'none',
    location: 'server',
    level: null,
    workers: null,
    checkpoint: 'fast',
    label: '',
    verify: true,
    limitRate: false,
    maxRateKbps: 102_400,
  };
}

export function compressionSpecOf(draft: PhysicalBackupDraft): CompressionSpec | null {
  if (draft.method === 'none') return null;
  return {
    method: draft.method,
    location: draft.location,
    ...(draft.level !== null ? { level: draft.level } : {}),
    ...(draft.workers !== null && draft.method === 'zstd' ? { workers: draft.workers } : {}),
  };
}

/** Why this draft cannot run on this server with this tool, or null. */
export function draftProblem(draft: PhysicalBackupDraft, capabilities: BasebackupCapabilities): string | null {
  const spec = compressionSpecOf(draft);
  if (!spec) return null;
  const option = capabilities.compressions.find((candidate) => candidate.method === spec.method && candidate.location === spec.location);
  if (!option?.available) return option?.reason ?? `${spec.location}-side ${spec.method} is not available here.`;
  if (draft.format === 'plain' && spec.location === 'client')
    return 'A plain-format backup cannot be compressed on the client: compress on the server, or pick tar.';
  if (spec.workers !== undefined && !option.workers) return `This pg_basebackup cannot run ${spec.method} with workers.`;
  return compressionProblem(spec);
}

export function requestOf(draft: PhysicalBackupDraft, profileId: string): PhysicalBackupRequest {
  return {
    server: { profileId },
    format: draft.format,
    compression: formatCompressionSpec(compressionSpecOf(draft)),
    checkpoint: draft.checkpoint,
    verify: draft.verify,
    ...(draft.label.trim() ? { label: draft.label.trim() } : {}),
    ...(draft.limitRate ? { maxRateKbps: draft.maxRateKbps } : {}),
  };
}

/** The draft of saved choices (a schedule's), over the defaults for this server; a compression that no longer reads falls back to them. */
export function physicalDraftOf(
  saved: Pick<PhysicalBackupRequest, 'format' | 'compression' | 'checkpoint' | 'verify' | 'maxRateKbps'>,
  capabilities: BasebackupCapabilities,
): PhysicalBackupDraft {
  const defaults = defaultDraft(capabilities);
  const parsed = parseCompressionSpec(saved.compression ?? 'none');
  const spec = parsed.ok ? parsed.spec : null;
  return {
    ...defaults,
    format: saved.format ?? defaults.format,
    ...(parsed.ok ? { method: spec?.method ?? 'none', location: spec?.location ?? 'server', level: spec?.level ?? null, workers: spec?.workers ?? null } : {}),
    checkpoint: saved.checkpoint ?? defaults.checkpoint,
    verify: saved.verify ?? defaults.verify,
    limitRate: saved.maxRateKbps !== undefined,
    maxRateKbps: saved.maxRateKbps ?? defaults.maxRateKbps,
  };
}

/** pg_basebackup's choices with a button that takes the backup now. */
export function PhysicalBackupForm({
  capabilities,
  starting,
  disabled,
  onStart,
}: {
  capabilities: BasebackupCapabilities;
  starting: boolean;
  disabled: boolean;
  onStart: (draft: PhysicalBackupDraft) => void;
}) {
  const [draft, setDraft] = useState(() => defaultDraft(capabilities));
  const problem = draftProblem(draft, capabilities);
  return (
    <Paper withBorder p="lg" radius="md" data-testid="physical-backup-form">
      <Stack gap="lg">
        <PhysicalBackupFields capabilities={capabilities} draft={draft} onChange={(change) => setDraft((current) => ({ ...current, ...change }))} withLabel />
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            pg_basebackup {capabilities.toolVersion} (<code>{capabilities.toolPath}</code>) with -X stream: the WAL of the backup travels inside it, so every
            base backup is self-contained.
          </Text>
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            disabled={disabled || problem !== null || !capabilities.allowed}
            loading={starting}
            onClick={() => onStart(draft)}
            data-testid="start-physical-backup"
          >
            Take the backup
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * pg_basebackup's choices, limited to what this server and this tool can do: the physical backup
 * form's and the schedule form's (which has no label: a scheduled backup is labelled by its schedule).
 */
export function PhysicalBackupFields({
  capabilities,
  draft,
  onChange: update,
  withLabel,
}: {
  capabilities: BasebackupCapabilities;
  draft: PhysicalBackupDraft;
  onChange: (change: Partial<PhysicalBackupDraft>) => void;
  withLabel: boolean;
}) {
  const problem = draftProblem(draft, capabilities);
  const optionFor = (method: CompressionMethod, location: Location) =>
    capabilities.compressions.find((option) => option.method === method && option.location === location);
  const methodAvailable = (method: CompressionMethod) =>
    (['server', 'client'] as const).some((location) => optionFor(method, location)?.available && !(draft.format === 'plain' && location === 'client'));
  const selected = draft.method === 'none' ? null : optionFor(draft.method, draft.location);
  const [minLevel, maxLevel] = draft.method === 'none' ? [1, 1] : levelRange[draft.method];

  return (
    <Stack gap="lg">
      {!capabilities.allowed && (
        <Alert color="red" icon={<IconAlertTriangle />} title="This role cannot take a base backup" data-testid="physical-not-allowed">
          <List size="sm">
            {capabilities.problems.map((item) => (
              <List.Item key={item}>{item}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <LabelledSegmentedControl
          label="Format"
          value={draft.format}
          onChange={(value) =>
            update({ format: value as BasebackupFormat, ...(value === 'plain' && draft.location === 'client' ? { location: 'server' as const } : {}) })
          }
          data={[
            { value: 'tar', label: 'tar (one file per tablespace)' },
            { value: 'plain', label: 'plain (a data directory)' },
          ]}
          data-testid="format"
          note={capabilities.verifiable[draft.format].note}
        />
        <LabelledSegmentedControl
          label="Checkpoint"
          value={draft.checkpoint}
          onChange={(value) => update({ checkpoint: value as CheckpointMode })}
          data={[
            { value: 'fast', label: 'fast (start now)' },
            { value: 'spread', label: 'spread (gentler I/O)' },
          ]}
          data-testid="checkpoint"
          note={
            draft.checkpoint === 'fast'
              ? 'An immediate checkpoint: the backup starts at once, with a burst of writes.'
              : "Waits for the server's spread checkpoint: less I/O at once, but the start can take up to checkpoint_timeout."
          }
        />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 4 }} spacing="md">
        <Select
          label="Compression"
          value={draft.method}
          onChange={(value) => {
            const method = (value ?? 'none') as PhysicalBackupDraft['method'];
            const location =
              method !== 'none' && !optionFor(method, draft.location)?.available ? (draft.location === 'server' ? 'client' : 'server') : draft.location;
            update({ method, location, level: null, workers: null });
          }}
          data={[
            { value: 'none', label: 'none' },
            ...compressionMethods.map((method) => ({ value: method, label: method, disabled: !methodAvailable(method) })),
          ]}
          allowDeselect={false}
          data-testid="compression-method"
        />
        <LabelledSegmentedControl
          label="Where"
          value={draft.location}
          disabled={draft.method === 'none'}
          onChange={(value) => update({ location: value as Location })}
          data={(['server', 'client'] as const).map((location) => ({
            value: location,
            label: location,
            disabled: draft.method !== 'none' && (!optionFor(draft.method, location)?.available || (draft.format === 'plain' && location === 'client')),
          }))}
          data-testid="compression-location"
        />
        <NumberInput
          label="Level"
          placeholder="tool default"
          disabled={draft.method === 'none'}
          min={minLevel}
          max={maxLevel}
          value={draft.level ?? ''}
          onChange={(value) => update({ level: typeof value === 'number' ? value : null })}
          description={draft.method === 'none' ? 'with a method' : `${minLevel}–${maxLevel}`}
        />
        <NumberInput
          label="zstd workers"
          placeholder="0 (one thread)"
          disabled={draft.method !== 'zstd' || !selected?.workers}
          min={0}
          max={256}
          value={draft.workers ?? ''}
          onChange={(value) => update({ workers: typeof value === 'number' ? value : null })}
          description={draft.method === 'zstd' ? 'threads compressing' : 'zstd only'}
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt={-8}>
        Server-side compression sends less over the network and is the fastest mode measured (zstd with workers); client-side spares the server&apos;s CPU.
        {selected?.reason ? ` ${selected.reason}` : ''}
      </Text>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {withLabel && (
          <TextInput
            label="Label"
            placeholder="tidemark <backup id>"
            description="Written into backup_label and the server's backup history file."
            maxLength={200}
            value={draft.label}
            onChange={(event) => update({ label: event.currentTarget.value })}
            data-testid="backup-label"
          />
        )}
        <Stack gap={6}>
          <Checkbox
            label="Limit the transfer rate"
            description="pg_basebackup -r: keeps a backup from starving production I/O."
            checked={draft.limitRate}
            onChange={(event) => update({ limitRate: event.currentTarget.checked })}
            data-testid="limit-rate"
          />
          {draft.limitRate && (
            <NumberInput
              w={220}
              label="kB per second"
              min={32}
              max={1_048_576}
              step={1024}
              value={draft.maxRateKbps}
              onChange={(value) => update({ maxRateKbps: typeof value === 'number' ? value : 32 })}
              data-testid="max-rate"
            />
          )}
        </Stack>
      </SimpleGrid>

      <Switch
        checked={draft.verify}
        onChange={(event) => update({ verify: event.currentTarget.checked })}
        label="Check the backup with pg_verifybackup when it is written"
        description="Every file against PostgreSQL's backup_manifest checksums, and the WAL it needs. A backup is only trusted once checked."
        data-testid="verify-after"
      />

      {problem && (
        <Alert color="orange" icon={<IconAlertTriangle />} data-testid="form-problem">
          {problem}
        </Alert>
      )}
    </Stack>
  );
}
