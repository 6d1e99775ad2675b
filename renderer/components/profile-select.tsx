import { Select } from '@mantine/core';
import type { ProfileView } from '../../shared/domain/profile';

/** Which connection: "name — user@host:port/db" for each saved profile. */
export function ProfileSelect({
  profiles,
  value,
  onChange,
  label = 'Server',
  disabled,
  description,
  testId,
}: {
  profiles: readonly ProfileView[];
  value: string | null;
  onChange(profile: ProfileView | null): void;
  label?: string;
  disabled?: boolean;
  description?: string;
  testId: string;
}) {
  return (
    <Select
      label={label}
      description={description}
      placeholder="Choose a connection"
      data={profiles.map((profile) => ({ value: profile.id, label: `${profile.name} — ${profile.summary}` }))}
      value={value}
      onChange={(profileId) => onChange(profiles.find((candidate) => candidate.id === profileId) ?? null)}
      allowDeselect={false}
      disabled={disabled}
      data-testid={testId}
    />
  );
}
