import { Alert, Anchor, Button, Group, Loader, Box, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import type { RequestName } from '../../../shared/contract';
import type { Schedule, ScheduleView } from '../../../shared/contract/schedules';
import type { ProfileView } from '../../../shared/domain/profile';
import { hrefFor, navigate, type ScheduleRef } from '../../app/routes';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { LabelledSegmentedControl } from '../../components/labelled-segmented-control';
import { LinkButton } from '../../components/link-button';
import { FormSection } from '../../components/form-section';
import { PageHeader } from '../../components/page-header';
import { ProfileSelect } from '../../components/profile-select';
import { viewerZone } from '../../components/recovery/zoned-time';
import { initialDraft } from '../backup-new/backup-draft';
import { BackupForm } from '../backup-new/backup-form';
import { PhysicalBackupFields } from '../physical-backup/physical-backup-form';
import { PolicyFields } from './policy-fields';
import { RetentionFields } from './retention-fields';
import { inputOf, newScheduleDraft, physicalDraftFor, scheduleDraftOf, type ScheduleDraft } from './schedule-draft';
import { TimingFields } from './timing-fields';

const staleAfterSave: RequestName[] = ['schedules.list', 'schedules.get', 'schedules.history'];

/** A new schedule: for the connection in the address, else the only one there is. */
export function NewSchedulePage({ profileId }: { profileId: string | null }) {
  const profiles = useRequest('profiles.list', {});
  if (profiles.isPending) return <Loader />;
  if (profiles.error) return <ErrorAlert error={profiles.error} title="Cannot read the connection profiles" />;
  const profile = profiles.data.find((candidate) => candidate.id === profileId) ?? (profiles.data.length === 1 ? profiles.data[0]! : null);
  return <ScheduleForm key={profile?.id ?? ''} profiles={profiles.data} initial={newScheduleDraft(profile, viewerZone())} editing={null} />;
}

/** A saved schedule's form; saving replaces it (its name and connection stay). */
export function EditSchedulePage({ scheduleRef }: { scheduleRef: ScheduleRef }) {
  const profiles = useRequest('profiles.list', {});
  const saved = useRequest('schedules.get', scheduleRef);
  if (profiles.isPending || saved.isPending) return <Loader />;
  if (profiles.error) return <ErrorAlert error={profiles.error} title="Cannot read the connection profiles" />;
  if (saved.error) return <ErrorAlert error={saved.error} title={`Cannot read the schedule ${scheduleRef.name}`} />;
  return (
    <ScheduleForm
      key={saved.data.schedule.id}
      profiles={profiles.data}
      initial={scheduleDraftOf(saved.data.schedule)}
      editing={{ schedule: saved.data.schedule, repositoryDir: scheduleRef.repositoryDir }}
    />
  );
}

function ScheduleForm({
  profiles,
  initial,
  editing,
}: {
  profiles: ProfileView[];
  initial: ScheduleDraft;
  editing: { schedule: Schedule; repositoryDir?: string } | null;
}) {
  const [draft, setDraft] = useState(initial);
  const [savedWithProblem, setSavedWithProblem] = useState<ScheduleView | null>(null);
  const change = (patch: Partial<ScheduleDraft>) => {
    setSavedWithProblem(null);
    setDraft((current) => ({ ...current, ...patch }));
  };
  const capabilities = useRequest(
    'physical.capabilities',
    { server: { profileId: draft.profileId ?? '' } },
    { enabled: draft.kind === 'physical' && draft.profileId !== null },
  );
  const save = useMutationRequest('schedules.save', {
    invalidates: staleAfterSave,
    onSuccess: (view) => {
      // Saved, but it would fail at its first slot (no password, server unreachable): say so here, not at 2 a.m.
      if (view.problem) return setSavedWithProblem(view);
      notifications.show({
        color: 'teal',
        title: `Schedule ${view.schedule.name} saved`,
        message: view.next ? `Next run ${view.next.local}.` : 'It has no coming run.',
      });
      navigate({ page: 'schedules' });
    },
  });
  const reading = inputOf(draft, capabilities.data ?? null);
  const profile = profiles.find((candidate) => candidate.id === draft.profileId) ?? null;

  return (
    <>
      <PageHeader
        title={editing ? `Edit schedule ${editing.schedule.name}` : 'New schedule'}
        description="A backup that runs by itself: what, when (in which time zone), and what to do when a slot is missed or a run fails."
        actions={
          <Anchor href={hrefFor({ page: 'schedules' })} size="sm">
            <IconArrowLeft size={14} style={{ verticalAlign: 'middle' }} /> All schedules
          </Anchor>
        }
      />
      <Stack gap="md" data-testid="schedule-form">
        <FormSection title="Schedule">
          <SimpleGrid cols={2} spacing="md">
            <TextInput
              label="Name"
              description={editing ? 'A schedule keeps its name; make a new one for another.' : 'Unique in the repository, e.g. "nightly shop".'}
              placeholder="nightly shop"
              value={draft.name}
              onChange={(event) => change({ name: event.currentTarget.value })}
              disabled={editing !== null}
              data-testid="schedule-name"
            />
            <ProfileSelect
              label="Connection"
              description={editing ? 'It stays in the repository of its connection.' : 'The schedule is kept in its repository.'}
              profiles={profiles}
              value={draft.profileId}
              onChange={(chosen) =>
                change({ profileId: chosen?.id ?? null, logical: { ...draft.logical, databases: initialDraft(chosen).databases }, physical: null })
              }
              disabled={editing !== null}
              testId="schedule-profile"
            />
          </SimpleGrid>
          <Box mt="md">
            <LabelledSegmentedControl
              label="Kind of backup"
              value={draft.kind}
              onChange={(kind) => change({ kind: kind as ScheduleDraft['kind'] })}
              data={[
                { value: 'logical', label: 'Logical (pg_dump): chosen databases' },
                { value: 'physical', label: 'Physical (pg_basebackup): the whole cluster' },
              ]}
              data-testid="schedule-kind"
            />
          </Box>
        </FormSection>

        {draft.profileId && draft.kind === 'logical' && (
          <BackupForm
            draft={{ ...draft.logical, profileId: draft.profileId }}
            onChange={(patch) => change({ logical: { ...draft.logical, ...patch } })}
            profiles={profiles}
            withProfile={false}
          />
        )}
        {draft.profileId && draft.kind === 'physical' && (
          <FormSection title="Base backup" testId="schedule-physical">
            {capabilities.isPending && (
              <Group gap="sm">
                <Loader size="sm" />
                <Text>Asking the server and pg_basebackup what they can do…</Text>
              </Group>
            )}
            {capabilities.error && <ErrorAlert error={capabilities.error} title={`Cannot ask ${profile?.name ?? 'the server'} what it can do`} />}
            {capabilities.data && (
              <PhysicalBackupFields
                capabilities={capabilities.data}
                draft={physicalDraftFor(draft, capabilities.data)}
                onChange={(patch) => capabilities.data && change({ physical: { ...physicalDraftFor(draft, capabilities.data), ...patch } })}
                withLabel={false}
              />
            )}
          </FormSection>
        )}

        <TimingFields draft={draft.timing} onChange={(patch) => change({ timing: { ...draft.timing, ...patch } })} />
        <PolicyFields draft={draft} onChange={change} />
        <RetentionFields draft={draft} onChange={change} />

        {save.error && <ErrorAlert error={save.error} title="The schedule was not saved" />}
        {savedWithProblem && (
          <Alert color="orange" icon={<IconAlertTriangle />} title="Saved, but it will fail as it is" data-testid="schedule-saved-problem">
            <Stack gap="sm">
              <Text size="sm">{savedWithProblem.problem}</Text>
              <Group gap="sm">
                {profile && (
                  <LinkButton size="xs" variant="light" to={{ page: 'edit-connection', profileId: profile.id }}>
                    Fix the connection
                  </LinkButton>
                )}
                <LinkButton size="xs" variant="default" to={{ page: 'schedules' }} data-testid="schedule-saved-continue">
                  Go to the schedules
                </LinkButton>
              </Group>
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end" gap="md">
          {!reading.ok && (
            <Text size="sm" c="dimmed" data-testid="schedule-form-problem">
              {reading.problem}
            </Text>
          )}
          <Button
            size="md"
            leftSection={<IconDeviceFloppy size={18} />}
            disabled={!reading.ok}
            loading={save.isPending}
            onClick={() =>
              reading.ok &&
              save.mutate({ schedule: reading.input, replace: editing !== null, ...(editing?.repositoryDir ? { repositoryDir: editing.repositoryDir } : {}) })
            }
            data-testid="save-schedule"
          >
            {editing ? 'Save the changes' : 'Save the schedule'}
          </Button>
        </Group>
      </Stack>
    </>
  );
}
