import { Alert, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { RecoverableWindow } from '../../../shared/domain/wal-archive';
import { readTarget, type TargetDraft, type TargetKind } from './target-draft';
import { LabelledSegmentedControl } from '../labelled-segmented-control';
import { TargetTimePicker } from './target-time-picker';

const kinds: { value: TargetKind; label: string }[] = [
  { value: 'time', label: 'A moment in time' },
  { value: 'latest', label: 'Latest' },
  { value: 'immediate', label: 'End of a base backup' },
  { value: 'lsn', label: 'LSN' },
  { value: 'xid', label: 'Transaction' },
  { value: 'name', label: 'Restore point' },
];

const explanations: Record<TargetKind, string> = {
  time: 'The data as it was at that moment: every transaction committed at or before it (inclusive), or strictly before it (exclusive).',
  latest: 'Everything the archive holds: replay runs to the last archived WAL. Use it when the server is lost rather than a change being wrong.',
  immediate: 'The earliest consistent moment of the base backup: the database as it was when the backup finished. Nothing is replayed after it.',
  lsn: 'A WAL position, e.g. from pg_current_wal_lsn() noted before a risky change, or from pg_waldump.',
  xid: 'Recovery stops at the commit of this transaction: with "exclusive", just before it (the usual way to undo one bad transaction).',
  name: 'A named point made with "Create restore point" on the server\'s page (pg_create_restore_point) before a risky change.',
};

/** The targets typed as text, each kept in the draft's field of its kind's name. */
const typedTargets: { kind: 'lsn' | 'xid' | 'name'; label: string; placeholder: string; maw: number }[] = [
  { kind: 'lsn', label: 'LSN', placeholder: '0/3000028', maw: 320 },
  { kind: 'xid', label: 'Transaction id', placeholder: '742', maw: 320 },
  { kind: 'name', label: 'Restore point name', placeholder: 'before-migration-42', maw: 420 },
];

/** Where replay stops: the kind of target, its value, and inclusive or exclusive where that means something. */
export function RecoveryTargetEditor({
  draft,
  onChange,
  window,
  serverZone,
  kindsOffered = kinds.map((kind) => kind.value),
}: {
  draft: TargetDraft;
  onChange: (next: TargetDraft) => void;
  window: RecoverableWindow | null;
  serverZone: string | null;
  /** A paused recovery can only move on: no "end of a base backup" then. */
  kindsOffered?: TargetKind[];
}) {
  const reading = readTarget(draft);
  const set = (change: Partial<TargetDraft>) => onChange({ ...draft, ...change });
  const takesInclusive = draft.kind === 'time' || draft.kind === 'lsn' || draft.kind === 'xid';
  const typed = typedTargets.find((target) => target.kind === draft.kind);

  return (
    <Stack gap="md">
      <SegmentedControl
        value={draft.kind}
        onChange={(kind) => set({ kind: kind as TargetKind })}
        data={kinds.filter((kind) => kindsOffered.includes(kind.value))}
        data-testid="target-kind"
        fullWidth
      />
      <Text size="sm" c="dimmed">
        {explanations[draft.kind]}
      </Text>
      {draft.kind === 'time' && <TargetTimePicker draft={draft} window={window} serverZone={serverZone} onChange={(change) => set(change)} />}
      {typed && (
        <TextInput
          key={typed.kind}
          label={typed.label}
          placeholder={typed.placeholder}
          value={draft[typed.kind]}
          onChange={(event) => set({ [typed.kind]: event.currentTarget.value })}
          data-testid={`target-${typed.kind}`}
          maw={typed.maw}
        />
      )}
      {reading.state === 'invalid' && draft.kind !== 'time' && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle />}>
          {reading.message}
        </Alert>
      )}
      {takesInclusive && (
        <LabelledSegmentedControl
          label="At the target itself"
          value={draft.inclusive ? 'inclusive' : 'exclusive'}
          onChange={(value) => set({ inclusive: value === 'inclusive' })}
          data={[
            { value: 'inclusive', label: draft.kind === 'time' ? 'Include commits at that instant' : 'Include the target' },
            { value: 'exclusive', label: draft.kind === 'time' ? 'Stop just before it' : 'Stop just before the target' },
          ]}
          data-testid="target-inclusive"
          w="fit-content"
        />
      )}
    </Stack>
  );
}
