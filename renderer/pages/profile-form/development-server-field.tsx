import { Checkbox, Stack, Text, TextInput } from '@mantine/core';
import type { ProfileView } from '../../../shared/domain/profile';

/** The mark and its typed confirmation, as profiles.save takes them. */
export interface DevelopmentServerChoice {
  enabled: boolean;
  confirm: string;
}

export function developmentServerChoiceFor(profile: ProfileView | null): DevelopmentServerChoice {
  return { enabled: profile?.developmentServer === true, confirm: '' };
}

/**
 * "This is a development server": dev database snapshots end sessions and drop and rename
 * databases, so turning the mark on asks for the profile's name typed (the service checks it too).
 * Clusters Tidemark manages allow snapshots without it.
 */
export function DevelopmentServerField({
  profile,
  name,
  choice,
  onChange,
}: {
  profile: ProfileView | null;
  name: string;
  choice: DevelopmentServerChoice;
  onChange: (choice: DevelopmentServerChoice) => void;
}) {
  if (profile?.managedClusterId) {
    return <Text size="sm">Snapshots are on: Tidemark manages this cluster.</Text>;
  }
  const turningOn = choice.enabled && profile?.developmentServer !== true;
  return (
    <Stack gap="xs">
      <Checkbox
        label="This is a development server: allow database snapshots"
        description="Snapshots end the sessions on a database and drop and rename databases. Never tick this for a server others depend on."
        checked={choice.enabled}
        onChange={(e) => onChange({ ...choice, enabled: e.currentTarget.checked })}
        data-testid="development-server"
      />
      {turningOn && (
        <TextInput
          label={`Type the connection's name (${name || '…'}) to allow this`}
          value={choice.confirm}
          onChange={(e) => onChange({ ...choice, confirm: e.currentTarget.value })}
          data-testid="development-server-confirm"
        />
      )}
    </Stack>
  );
}
