import type { retentionRequests } from '../../shared/contract/retention';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { RetentionService } from './retention-service';

export function retentionHandlers(retention: RetentionService): HandlersFor<typeof retentionRequests> {
  return {
    'retention.plan': (input) => retention.plan(input),
    'retention.apply': (input) => retention.apply(input),
    'retention.history': (input) => retention.history(input),
    'retention.pins': (input) => retention.pins(input),
    'retention.pin': (input) => retention.pin(input),
    'retention.policy': (input) => retention.policy(input),
    'retention.setPolicy': (input) => retention.setPolicy(input),
    'retention.clearPolicy': (input) => retention.clearPolicy(input),
    'retention.unpin': (input) => retention.unpin(input),
  };
}
