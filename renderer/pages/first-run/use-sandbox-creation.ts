import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../../shared/contract/call';
import type { JobSnapshot } from '../../../shared/domain/job';
import { navigate } from '../../app/routes';
import { useBridge } from '../../bridge/bridge-context';
import { useMutationRequest } from '../../bridge/use-request';

/**
 * Creating the sandbox: start sandbox.create, follow its job, and once the sandbox is up open
 * the page of the profile that points at it. A failed or cancelled job leaves `jobId` set so its
 * log stays on screen, with `canRetry` true.
 */
export function useSandboxCreation() {
  const { api } = useBridge();
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [canRetry, setCanRetry] = useState(false);
  const create = useMutationRequest('sandbox.create', {
    onSuccess: (started) => {
      setCanRetry(false);
      setJobId(started.jobId);
    },
  });

  async function onJobFinished(snapshot: JobSnapshot) {
    if (snapshot.state.status !== 'succeeded') {
      setCanRetry(true);
      return;
    }
    await Promise.all(['profiles.list', 'sandbox.status'].map((name) => queryClient.invalidateQueries({ queryKey: [name] })));
    const status = await call(api, 'sandbox.status', {});
    navigate(status.state !== 'absent' && status.profileId ? { page: 'connection', profileId: status.profileId } : { page: 'connections' });
  }

  return {
    jobId,
    canRetry,
    starting: create.isPending,
    startError: create.error,
    start: () => create.mutate({}),
    onJobFinished,
  };
}
