import { describe, expect, it } from 'vitest';
import { healthCheckDefinitions } from '../../../shared/domain/health';
import { problemText, thresholdText } from './panel-text';

describe('panel texts', () => {
  it('words a panel problem as the issue does: the timeout in ms, the privilege by name', () => {
    expect(problemText({ kind: 'timed-out', timeoutMs: 2000, message: 'canceling statement due to statement timeout' })).toBe('Timed out at 2000 ms');
    expect(problemText({ kind: 'needs-privilege', privilege: 'pg_monitor', message: 'permission denied' })).toBe('Needs pg_monitor');
    expect(problemText({ kind: 'failed', message: 'x', sqlstate: '42P01' })).toBe('Query failed (SQLSTATE 42P01)');
  });

  it('states a threshold in the check unit and direction', () => {
    const connections = healthCheckDefinitions.connections;
    expect(thresholdText({ threshold: connections.defaults, direction: connections.direction, unit: connections.unit })).toBe('amber ≥ 80.0%, red ≥ 90.0%');
    const cache = healthCheckDefinitions['cache-hit'];
    expect(thresholdText({ threshold: cache.defaults, direction: cache.direction, unit: cache.unit })).toBe('amber ≤ 99.00%, red ≤ 95.0%');
    const queries = healthCheckDefinitions['long-queries'];
    expect(thresholdText({ threshold: queries.defaults, direction: queries.direction, unit: queries.unit })).toBe('amber ≥ 5 min, red ≥ 30 min');
  });
});
