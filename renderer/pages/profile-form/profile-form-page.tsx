import { Alert, Button, Checkbox, Group, Loader, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconPlugConnected } from '@tabler/icons-react';
import { useState } from 'react';
import type { ConnectionTarget, ProfileView } from '../../../shared/domain/profile';
import { hrefFor, navigate } from '../../app/routes';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { secretStorageSentence } from '../../components/secret-storage-text';
import { ReadinessPanel } from '../../components/server-report/readiness-panel';
import { ServerFacts } from '../../components/server-report/server-facts';
import {
  draftFieldsFor,
  draftTextProps,
  nameError,
  passwordChange,
  targetFromDraft,
  type DraftEditor,
  type DraftErrors,
  type ProfileDraftFields,
} from './profile-draft';
import { TargetFields } from './target-fields';
import { DevelopmentServerField, developmentServerChoiceFor } from './development-server-field';

/** Adding a connection, or editing one (profileId). */
export function ProfileFormPage({ profileId }: { profileId: string | null }) {
  const profiles = useRequest('profiles.list', {}, { enabled: profileId !== null });
  if (profileId === null) return <ProfileForm key="new" profile={null} />;
  if (profiles.isPending) return <Loader />;
  if (profiles.error) return <ErrorAlert error={profiles.error} title="Cannot read the connection profiles" />;
  const profile = profiles.data.find((candidate) => candidate.id === profileId);
  if (!profile) return <ErrorAlert error={{ code: 'not_found', message: 'This connection profile does not exist (any more).' }} />;
  return <ProfileForm key={profile.id} profile={profile} />;
}

function ProfileForm({ profile }: { profile: ProfileView | null }) {
  const info = useRequest('app.info', {});
  const [fields, setFields] = useState<ProfileDraftFields>(() => draftFieldsFor(profile));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [developmentServer, setDevelopmentServer] = useState(() => developmentServerChoiceFor(profile));
  const test = useMutationRequest('profiles.test');
  const save = useMutationRequest('profiles.save', {
    invalidates: ['profiles.list', 'profiles.test'],
    onSuccess: (saved) => {
      notifications.show({ color: 'teal', message: `Saved the connection “${saved.name}”.` });
      navigate({ page: 'connection', profileId: saved.id });
    },
  });

  function change(update: Partial<ProfileDraftFields>) {
    setFields((current) => ({ ...current, ...update }));
    // A test result describes the values it tested: clear it as soon as they change.
    if (!('name' in update) && !('savePassword' in update)) test.reset();
  }

  function checkedTarget(): ConnectionTarget | null {
    const result = targetFromDraft(fields);
    setErrors(result.errors ?? {});
    return result.target;
  }

  function runTest() {
    const target = checkedTarget();
    if (!target) return;
    const unchangedSavedTarget = profile?.passwordSaved && !fields.password && JSON.stringify(profile.target) === JSON.stringify(target);
    // Unchanged and with a saved password: test the profile itself, so the saved password is used.
    test.mutate(unchangedSavedTarget && profile ? { id: profile.id } : { target, password: fields.password || undefined });
  }

  function submit() {
    const target = checkedTarget();
    const badName = nameError(fields.name);
    if (badName) setErrors((current) => ({ ...current, name: badName }));
    if (!target || badName) return;
    save.mutate({
      id: profile?.id,
      name: fields.name,
      target,
      password: passwordChange(fields, profile),
      developmentServer: developmentServer.enabled,
      developmentServerConfirm: developmentServer.confirm || undefined,
    });
  }

  const draft: DraftEditor = { fields, errors, onChange: change };
  return (
    <>
      <PageHeader
        title={profile ? `Edit “${profile.name}”` : 'Connect to your server'}
        description="Tell Tidemark where the server is. Test the connection to see what the server is ready for, then save it."
      />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        noValidate
        data-testid="profile-form"
      >
        <Stack gap="lg" maw={860}>
          <Paper withBorder p="lg" radius="md">
            <Stack gap="lg">
              <TextInput
                label="Name"
                description="How this server appears in Tidemark, e.g. “orders production”"
                {...draftTextProps(draft, 'name')}
                required
                data-autofocus
              />
              <TargetFields {...draft} />
              <Stack gap="xs">
                <PasswordInput
                  label="Password"
                  description={
                    profile?.passwordSaved
                      ? 'A password is saved for this connection; type a new one to replace it.'
                      : 'Optional. Without one, Tidemark uses ~/.pgpass, PGPASSFILE or PGPASSWORD, as psql does.'
                  }
                  {...draftTextProps(draft, 'password')}
                  autoComplete="off"
                />
                <Checkbox
                  label="Save the password"
                  description={info.data ? secretStorageSentence(info.data) : undefined}
                  checked={fields.savePassword}
                  onChange={(e) => change({ savePassword: e.currentTarget.checked })}
                />
              </Stack>
              <DevelopmentServerField profile={profile} name={fields.name} choice={developmentServer} onChange={setDevelopmentServer} />
            </Stack>
          </Paper>

          <Group gap="sm">
            <Button
              type="button"
              variant="light"
              leftSection={<IconPlugConnected size={18} />}
              loading={test.isPending}
              onClick={runTest}
              data-testid="test-draft"
            >
              Test connection
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="save-profile">
              Save
            </Button>
            <Button
              type="button"
              variant="subtle"
              color="gray"
              component="a"
              href={profile ? hrefFor({ page: 'connection', profileId: profile.id }) : hrefFor({ page: 'connections' })}
            >
              Cancel
            </Button>
          </Group>

          {save.error && <ErrorAlert error={save.error} title="Could not save" />}
          {test.isPending && (
            <Group gap="sm">
              <Loader size="sm" />
              <Text>Connecting…</Text>
            </Group>
          )}
          {test.error && <ErrorAlert error={test.error} />}
          {test.data && (
            <Stack gap="md" data-testid="draft-test-result">
              <Alert color="teal" icon={<IconCircleCheck />} title="Connected">
                PostgreSQL {test.data.facts.serverVersion} answered in {test.data.elapsedMs} ms, as role {test.data.facts.role.name}.
              </Alert>
              <Title order={2} size="h4">
                Ready for
              </Title>
              <ReadinessPanel readiness={test.data.readiness} />
              <ServerFacts report={test.data} />
            </Stack>
          )}
        </Stack>
      </form>
    </>
  );
}
