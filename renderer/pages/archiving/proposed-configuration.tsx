import { Alert, Badge, Checkbox, Code, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconShieldCheck } from '@tabler/icons-react';
import type { ArchiveSetupPlan } from '../../../shared/domain/archiving';
import { CopyableCommand } from '../../components/copyable-command';

/** What Tidemark runs for this plan, in the order it runs it, so a DBA can read (or run) it. */
export function alterSystemScript(plan: ArchiveSetupPlan): string {
  if (plan.changes.length === 0) return '';
  const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
  const lines: string[] = [];
  // A library's setting exists for ALTER SYSTEM only once the library is loaded in the session.
  if (plan.changes.some((change) => change.name.startsWith('basic_archive.'))) lines.push("LOAD 'basic_archive';");
  for (const change of plan.changes) lines.push(`ALTER SYSTEM SET ${change.name} = ${literal(change.to)};`);
  lines.push('SELECT pg_reload_conf();');
  return lines.join('\n');
}

export interface TimeoutChoice {
  enabled: boolean;
  seconds: number;
}

/** The proposed archiving configuration: the durable method, why the runbooks' command is not enough, and each change. */
export function ProposedConfiguration({
  plan,
  timeout,
  onTimeoutChange,
  restart,
  onRestartChange,
}: {
  plan: ArchiveSetupPlan;
  timeout: TimeoutChoice;
  onTimeoutChange: (choice: TimeoutChoice) => void;
  restart: boolean;
  onRestartChange: (restart: boolean) => void;
}) {
  const restartChanges = plan.changes.filter((change) => change.takesEffectOn === 'restart');
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Group gap="sm">
          <IconShieldCheck size={20} color="var(--mantine-color-teal-7)" />
          <Title order={4} size="h5">
            {plan.method.kind === 'basic_archive' ? 'basic_archive into the repository' : "Tidemark's archive script into the repository"}
          </Title>
        </Group>
        <Text size="sm" data-testid="method-why">
          {plan.methodWhy}
        </Text>
        <Text size="sm">
          Segments go to <Code>{plan.archiveDir}</Code>: one folder per cluster (system identifier), so two servers never mix their WAL.
        </Text>
        {plan.method.kind === 'archive_command' && <CopyableCommand label="archive_command" command={plan.method.command} />}
      </Stack>

      <Alert color="orange" variant="light" icon={<IconAlertTriangle />} title="Why not the runbooks' test ! -f … && cp …" data-testid="naive-why-not">
        {plan.naiveCommandWhyNot}
      </Alert>

      {plan.changes.length === 0 ? (
        <Alert color="teal" variant="light" title="Nothing to change" data-testid="nothing-to-change">
          The server already archives this way into the repository. What remains is proving it: the next step switches to a new WAL segment and waits for it to
          arrive.
        </Alert>
      ) : (
        <Stack gap="xs">
          <Title order={4} size="h5">
            Changes
          </Title>
          <Table verticalSpacing="sm" fz="sm" data-testid="setup-changes" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={230}>Setting</Table.Th>
                <Table.Th>From → to</Table.Th>
                <Table.Th w={130}>Takes effect on</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plan.changes.map((change) => (
                <Table.Tr key={change.name} data-testid={`change-${change.name}`}>
                  <Table.Td fw={600} style={{ verticalAlign: 'top', wordBreak: 'break-word' }}>
                    {change.name}
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>
                    <Stack gap={4}>
                      <Text size="sm">
                        <Code>{change.from || '(empty)'}</Code> → <Code>{change.to || '(empty)'}</Code>
                      </Text>
                      <Text size="sm" c="dimmed">
                        {change.why}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Badge color={change.takesEffectOn === 'restart' ? 'orange' : 'teal'} variant="light">
                      {change.takesEffectOn}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <CopyableCommand label="What Tidemark runs (ALTER SYSTEM writes postgresql.auto.conf)" command={alterSystemScript(plan)} />
        </Stack>
      )}

      <Stack gap="xs">
        <Checkbox
          checked={timeout.enabled}
          onChange={(event) => onTimeoutChange({ ...timeout, enabled: event.currentTarget.checked })}
          label={`Also set archive_timeout (now ${plan.server.archiveTimeoutSeconds === 0 ? 'off' : `${plan.server.archiveTimeoutSeconds} s`})`}
          description="On a quiet server a commit waits in the current 16 MB segment until it fills; archive_timeout forces a switch after this many seconds, bounding the data you can lose. Each switch archives a whole segment, so not below 60."
          data-testid="set-archive-timeout"
        />
        {timeout.enabled && (
          <NumberInput
            w={220}
            label="archive_timeout (seconds)"
            min={60}
            max={86_400}
            step={60}
            value={timeout.seconds}
            onChange={(value) => onTimeoutChange({ ...timeout, seconds: typeof value === 'number' ? value : Number(value) || 300 })}
            data-testid="archive-timeout-input"
          />
        )}
      </Stack>

      {plan.restartNeeded && (
        <Alert color="orange" variant="light" title="A restart is needed" data-testid="restart-needed">
          <Stack gap="xs">
            <Text size="sm">
              {restartChanges.length > 0 ? (
                <>
                  <Code>{restartChanges.map((change) => change.name).join(', ')}</Code> take effect only when PostgreSQL restarts; the others with a reload.
                </>
              ) : (
                'A setting already changed is waiting for a restart.'
              )}
            </Text>
            {plan.managedClusterId ? (
              <Checkbox
                checked={restart}
                onChange={(event) => onRestartChange(event.currentTarget.checked)}
                label="Restart this Tidemark-managed cluster after applying (a fast shutdown: open transactions are rolled back)"
                data-testid="restart-managed"
              />
            ) : (
              <Text size="sm">
                Tidemark does not manage this server: restart it yourself after applying (for example systemctl restart postgresql), then verify.
              </Text>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
