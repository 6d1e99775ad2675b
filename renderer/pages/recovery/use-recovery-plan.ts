import { useDebouncedValue } from '@mantine/hooks';
import type { RecoveryPlanOutcome, RecoveryRequestInput } from '../../../shared/domain/pitr';
import type { TidemarkError } from '../../../shared/domain/errors';
import { useRequest } from '../../bridge/use-request';

export interface PlanQuery {
  enabled: boolean;
  data: RecoveryPlanOutcome | undefined;
  error: TidemarkError | null;
  isFetching: boolean;
}

// The picker changes a second at a time: plan once the user pauses, not on every turn.
const settleMs = 350;

/** pitr.plan for a request (changes nothing on disk), re-asked whenever the request changes and settles. */
export function useRecoveryPlan(request: RecoveryRequestInput | null, active: boolean): PlanQuery {
  const [settled] = useDebouncedValue(request, settleMs);
  const current = settled && JSON.stringify(settled) === JSON.stringify(request) ? settled : null;
  const enabled = active && current !== null;
  // The placeholder input is never sent: the query is disabled without a request.
  const query = useRequest('pitr.plan', current ?? { target: { kind: 'latest' }, destination: { kind: 'new-directory' } }, { enabled });
  return {
    enabled: active && request !== null,
    data: enabled ? query.data : undefined,
    error: enabled ? query.error : null,
    isFetching: (active && request !== null && !current) || (enabled && query.isFetching),
  };
}
