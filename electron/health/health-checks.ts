import {
  healthCheckDefinitions,
  stateOf,
  type HealthCheckName,
  type HealthCheckResult,
  type HealthThresholds,
  type PanelProblem,
} from '../../shared/domain/health';

/** A measured value for one check, before its threshold is applied. */
export interface CheckMeasurement {
  value: number | null;
  detail?: string | null;
  problem?: PanelProblem | null;
}

/** Applies the profile's threshold to a measurement (stateOf: the rule the dashboard and the CLI share). */
export function checkResult(name: HealthCheckName, measurement: CheckMeasurement, thresholds: HealthThresholds): HealthCheckResult {
  const definition = healthCheckDefinitions[name];
  const threshold = thresholds[name];
  return {
    name,
    panel: definition.panel,
    label: definition.label,
    unit: definition.unit,
    direction: definition.direction,
    value: measurement.value,
    threshold,
    state: stateOf(measurement.value, threshold, definition.direction),
    detail: measurement.detail ?? null,
    problem: measurement.problem ?? null,
  };
}
