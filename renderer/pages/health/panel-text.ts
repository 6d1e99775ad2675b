import type { HealthCheckResult, PanelProblem } from '../../../shared/domain/health';
import { formatCheckValue } from '../../../shared/format/health-value';

/** "amber ≥ 80%, red ≥ 90%" (≤ for a check that is worse as it falls). */
export function thresholdText(check: Pick<HealthCheckResult, 'threshold' | 'direction' | 'unit'>): string {
  const sign = check.direction === 'above' ? '≥' : '≤';
  return `amber ${sign} ${formatCheckValue(check.threshold.amber, check.unit)}, red ${sign} ${formatCheckValue(check.threshold.red, check.unit)}`;
}

/** What a problem says, as the issue words it: "timed out at N ms", "needs pg_monitor". */
export function problemText(problem: PanelProblem): string {
  switch (problem.kind) {
    case 'timed-out':
      return `Timed out at ${problem.timeoutMs} ms`;
    case 'needs-privilege':
      return `Needs ${problem.privilege}`;
    case 'not-available':
      return 'Not available on this server';
    case 'failed':
      return problem.sqlstate ? `Query failed (SQLSTATE ${problem.sqlstate})` : 'Query failed';
  }
}
