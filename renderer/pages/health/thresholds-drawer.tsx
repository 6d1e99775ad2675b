import { Button, Group, NumberInput, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import {
  healthCheckDefinitions,
  healthCheckNames,
  healthIntervalSeconds,
  type HealthCheckName,
  type HealthCheckUnit,
  type HealthProfileSettings,
  type HealthThresholds,
  type Threshold,
} from '../../../shared/domain/health';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { SideDrawer } from '../../components/side-drawer';

const unitSuffix: Record<HealthCheckUnit, string> = { percent: '%', seconds: 's', count: '', 'per-second': '/s', bytes: 'B' };

/** Bytes are edited in MiB (a threshold of 1073741824 bytes is nobody's number). */
function toInput(value: number, unit: HealthCheckUnit): number {
  return unit === 'bytes' ? value / 1024 ** 2 : value;
}

function fromInput(value: number, unit: HealthCheckUnit): number {
  return unit === 'bytes' ? value * 1024 ** 2 : value;
}

function ThresholdsForm({ settings, onSaved }: { settings: HealthProfileSettings; onSaved(): void }) {
  const [thresholds, setThresholds] = useState<HealthThresholds>(settings.thresholds);
  const [intervalSeconds, setIntervalSeconds] = useState(settings.intervalSeconds);
  const [alertsEnabled, setAlertsEnabled] = useState(settings.alertsEnabled);
  const save = useMutationRequest('health.thresholds.set', { invalidates: ['health.thresholds.get'], onSuccess: onSaved });
  const reset = useMutationRequest('health.thresholds.set', {
    invalidates: ['health.thresholds.get'],
    onSuccess: (next) => setThresholds(next.thresholds),
  });

  const change = (name: HealthCheckName, level: keyof Threshold, value: number | string) => {
    if (typeof value !== 'number') return;
    const unit = healthCheckDefinitions[name].unit;
    setThresholds((current) => ({ ...current, [name]: { ...current[name], [level]: fromInput(value, unit) } }));
  };

  return (
    <Stack gap="md">
      <Group grow align="flex-end">
        <NumberInput
          label="Refresh every (seconds, while the dashboard is shown)"
          min={healthIntervalSeconds.min}
          max={healthIntervalSeconds.max}
          value={intervalSeconds}
          onChange={(value) => typeof value === 'number' && setIntervalSeconds(value)}
          data-testid="health-interval"
        />
      </Group>
      <Switch
        label="Alerts: check the thresholds every 60 s while the dashboard is hidden, and notify on red"
        checked={alertsEnabled}
        onChange={(event) => setAlertsEnabled(event.currentTarget.checked)}
        data-testid="health-alerts"
      />
      <Table fz="sm" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Check</Table.Th>
            <Table.Th>Amber at</Table.Th>
            <Table.Th>Red at</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {healthCheckNames.map((name) => {
            const definition = healthCheckDefinitions[name];
            const suffix = definition.unit === 'bytes' ? ' MiB' : ` ${unitSuffix[definition.unit]}`;
            const customised = settings.customised.includes(name);
            return (
              <Table.Tr key={name} data-testid={`threshold-${name}`}>
                <Table.Td>
                  <Tooltip label={definition.description} multiline maw={320}>
                    <Text size="sm">
                      {definition.label}{' '}
                      <Text span size="xs" c="dimmed">
                        {definition.direction === 'above' ? '(worse as it grows)' : '(worse as it falls)'}
                      </Text>
                    </Text>
                  </Tooltip>
                </Table.Td>
                {(['amber', 'red'] as const).map((level) => (
                  <Table.Td key={level} w={130}>
                    <NumberInput
                      size="xs"
                      suffix={suffix}
                      decimalScale={3}
                      value={toInput(thresholds[name][level], definition.unit)}
                      onChange={(value) => change(name, level, value)}
                      aria-label={`${definition.label}: ${level} threshold`}
                      data-testid={`threshold-${name}-${level}`}
                    />
                  </Table.Td>
                ))}
                <Table.Td>
                  {customised && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      loading={reset.isPending}
                      onClick={() => reset.mutate({ profileId: settings.profileId, reset: [name] })}
                    >
                      Default
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {save.error ? <ErrorAlert error={save.error} title="The thresholds were not saved" /> : null}
      {reset.error ? <ErrorAlert error={reset.error} title="The threshold was not reset" /> : null}
      <Group justify="flex-end">
        <Button
          loading={save.isPending}
          onClick={() => save.mutate({ profileId: settings.profileId, thresholds, intervalSeconds, alertsEnabled })}
          data-testid="save-thresholds"
        >
          Save
        </Button>
      </Group>
    </Stack>
  );
}

/** The profile's thresholds, cadence and alerts, in a drawer beside the dashboard (which keeps updating under it). */
export function ThresholdsDrawer({ profileId, opened, onClose }: { profileId: string; opened: boolean; onClose(): void }) {
  const settings = useRequest('health.thresholds.get', { profileId }, { enabled: opened, refetchOnWindowFocus: false });
  return (
    <SideDrawer opened={opened} onClose={onClose} title="Thresholds" closeLabel="Close the thresholds" size={620} testId="thresholds-drawer">
      {settings.error ? <ErrorAlert error={settings.error} title="Cannot read the thresholds" /> : null}
      {settings.data && <ThresholdsForm key={settings.dataUpdatedAt} settings={settings.data} onSaved={onClose} />}
    </SideDrawer>
  );
}
