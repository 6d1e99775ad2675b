import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../../shared/contract/call';
import { isJobOf, type JobSnapshotOf } from '../../../shared/contract/jobs';
import { isFinished } from '../../../shared/domain/job';
import { navigate, parseRoute } from '../../app/routes';
import { useBridge } from '../../bridge/bridge-context';
import { useMutationRequest, useRequest } from '../../bridge/use-request';

/**
 * Creating the sandbox: start sandbox.create, follow its job, and once the sandbox is up open
 * the page of the profile that points at it. A failed or cancelled job leaves `jobId` set so its
 * log stays on screen, with `canRetry` true.
 */
export function useSandboxCreation() {
  const { api } = useBridge();
  const queryClient = useQueryClient();
  const [startedJobId, setStartedJobId] = useState<string | null>(null);
  // A window opened (or reloaded) while the sandbox is being made follows that job instead of
  // offering to start a second one.
  const jobs = useRequest('jobs.list', {});
  const unfinishedCreation = jobs.data?.find((job) => isJobOf(job, 'sandbox.create') && !isFinished(job.state));
  const jobId = startedJobId ?? unfinishedCreation?.id ?? null;
  const [canRetry, setCanRetry] = useState(false);
  const create = useMutationRequest('sandbox.create', {
    onSuccess: (started) => {
      setCanRetry(false);
      setStartedJobId(started.jobId);
    },
  });

  async function onJobFinished(snapshot: JobSnapshotOf<'sandbox.create'>) {
    if (snapshot.state.status !== 'succeeded') {
      setCanRetry(true);
      return;
    }
    await Promise.all(['profiles.list', 'sandbox.status'].map((name) => queryClient.invalidateQueries({ queryKey: [name] })));
    const status = await call(api, 'sandbox.status', {});
    // Open the sandbox's page only for someone still waiting on the welcome: a user who went
    // elsewhere while it was being made is not pulled away.
    if (parseRoute(window.location.hash).page !== 'overview') return;
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
