import { Alert, Badge, Card, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconLock, IconClockExclamation, IconInfoCircle, IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { HealthCheckResult, HealthPanel, HealthPanelId, HealthState, PanelProblem } from '../../../shared/domain/health';
import { formatCheckValue } from '../../../shared/format/health-value';
import { problemText, thresholdText } from './panel-text';

export const stateColors: Record<HealthState, string> = { green: 'teal', amber: 'yellow', red: 'red', unknown: 'gray' };
const stateWords: Record<HealthState, string> = { green: 'OK', amber: 'Warning', red: 'Critical', unknown: 'No data' };

export function StateBadge({ state, testId }: { state: HealthState; testId?: string }) {
  return (
    <Badge color={stateColors[state]} variant={state === 'unknown' ? 'outline' : 'filled'} data-testid={testId} data-state={state}>
      {stateWords[state]}
    </Badge>
  );
}

const problemIcons: Record<PanelProblem['kind'], ReactNode> = {
  'timed-out': <IconClockExclamation size={18} />,
  'needs-privilege': <IconLock size={18} />,
  'not-available': <IconInfoCircle size={18} />,
  failed: <IconAlertTriangle size={18} />,
};

export function ProblemAlert({ problem }: { problem: PanelProblem }) {
  return (
    <Alert
      color={problem.kind === 'not-available' ? 'gray' : problem.kind === 'needs-privilege' ? 'yellow' : 'red'}
      variant="light"
      icon={problemIcons[problem.kind]}
      title={problemText(problem)}
      data-testid="panel-problem"
      data-kind={problem.kind}
      py="xs"
    >
      <Text size="sm">{problem.message}</Text>
    </Alert>
  );
}

/** One check: its coloured state, value, what it is about, and the threshold it is held to. */
function CheckLine({ check }: { check: HealthCheckResult }) {
  return (
    <Group gap="xs" wrap="nowrap" data-testid={`check-${check.name}`} data-state={check.state}>
      <Badge color={stateColors[check.state]} variant="dot" size="lg" style={{ textTransform: 'none', flexShrink: 0 }}>
        {check.label}: {formatCheckValue(check.value, check.unit)}
      </Badge>
      <Text size="xs" c="dimmed" style={{ minWidth: 0 }} truncate>
        {check.problem ? problemText(check.problem) : thresholdText(check)}
        {check.detail ? ` · ${check.detail}` : ''}
      </Text>
    </Group>
  );
}

/**
 * A dashboard panel: title, state, its checks against their thresholds, what kept it from its data,
 * then its body. Data from before the server went down stays, greyed, rather than a blank panel.
 */
export function PanelFrame<Id extends HealthPanelId, Data>({
  title,
  panel,
  actions,
  children,
}: {
  title: string;
  panel: HealthPanel<Id, Data>;
  actions?: ReactNode;
  children: (data: Data) => ReactNode;
}) {
  return (
    <Card withBorder padding="lg" radius="md" data-testid={`panel-${panel.id}`} data-state={panel.state} data-stale={panel.stale}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm">
            <Title order={2} size="h4">
              {title}
            </Title>
            <StateBadge state={panel.state} testId={`panel-${panel.id}-state`} />
            {panel.stale && (
              <Tooltip label="The server stopped answering: this is the last data it sent.">
                <Badge color="gray" variant="light" data-testid="panel-stale">
                  Last data{panel.sampledAt ? ` · ${new Date(panel.sampledAt).toLocaleTimeString()}` : ''}
                </Badge>
              </Tooltip>
            )}
          </Group>
          {actions}
        </Group>
        {panel.checks.length > 0 && (
          <Stack gap={4}>
            {panel.checks.map((check) => (
              <CheckLine key={check.name} check={check} />
            ))}
          </Stack>
        )}
        {panel.problems.map((problem, index) => (
          <ProblemAlert key={index} problem={problem} />
        ))}
        <div style={panel.stale ? { opacity: 0.55, filter: 'grayscale(1)' } : undefined}>
          {panel.data ? (
            children(panel.data)
          ) : panel.problems.length === 0 ? (
            <Text size="sm" c="dimmed">
              Waiting for the first sample…
            </Text>
          ) : null}
        </div>
      </Stack>
    </Card>
  );
}
