import { Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ProfileView } from '../../shared/domain/profile';
import { useRequest } from '../bridge/use-request';
import { ErrorAlert } from './error-alert';

/** Renders its children with the saved profile, or says why there is none. */
export function ProfileGate({ profileId, children }: { profileId: string; children: (profile: ProfileView) => ReactNode }) {
  const profiles = useRequest('profiles.list', {});
  if (profiles.isPending) return <Loader />;
  if (profiles.error) return <ErrorAlert error={profiles.error} title="Cannot read the connection profiles" />;
  const profile = profiles.data.find((candidate) => candidate.id === profileId);
  if (!profile) {
    return <ErrorAlert error={{ code: 'not_found', message: 'This connection profile does not exist (any more).', hint: 'Pick one under Connections.' }} />;
  }
  return <>{children(profile)}</>;
}
