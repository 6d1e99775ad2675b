import { Anchor, Code, List, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleX, IconClockExclamation } from '@tabler/icons-react';
import type { ProfileView } from '../../../shared/domain/profile';
import { formatDurationSeconds } from '../../../shared/format/duration';
import { hrefFor } from '../../app/routes';
import { AttentionCard } from '../../components/attention-card';
import { formatAge, formatTimeUntil } from '../../components/backups/units';
import { Fact } from '../../components/fact';
import { ProfileName } from '../../components/profile-name';
import type { HealthProblem, ProfileHealth } from './profile-health';

const problemIcons: Record<HealthProblem['kind'], { icon: typeof IconAlertTriangle; color: string }> = {
  failed: { icon: IconCircleX, color: 'red' },
  overdue: { icon: IconClockExclamation, color: 'red' },
  problem: { icon: IconAlertTriangle, color: 'orange' },
};

/** One connection on the Overview: its last successful backup and age, its next scheduled run, and open problems. */
export function ProfileHealthCard({ profile, health, nowMs }: { profile: ProfileView; health: ProfileHealth | null; nowMs: number }) {
  return (
    <AttentionCard alarm={health?.overdue ?? false} testId="profile-health" name={profile.name}>
      <Stack gap="sm">
        <Stack gap={6} align="flex-start">
          <ProfileName profile={profile} inheritColor />
          <Code>{profile.summary}</Code>
        </Stack>
        {health && (
          <Stack gap={6}>
            <Fact label="Last successful backup" testId="health-last-backup">
              {health.lastSuccess ? (
                <Text size="sm" c={health.overdue ? 'red.8' : undefined} fw={health.overdue ? 650 : undefined} data-overdue={String(health.overdue)}>
                  {formatAge(health.lastSuccess.finishedAt, nowMs)} ·{' '}
                  <Anchor href={hrefFor({ page: 'backups', backupId: health.lastSuccess.backup.id })} size="sm" c="inherit" underline="always">
                    {health.lastSuccess.backup.kind === 'logical' ? `logical, ${health.lastSuccess.backup.database ?? ''}` : 'physical'}
                  </Anchor>
                  {health.overdue &&
                    health.expectedWithinHours !== null &&
                    ` — overdue (expected every ${formatDurationSeconds(health.expectedWithinHours * 3600)})`}
                </Text>
              ) : (
                <Text size="sm" c={health.overdue ? 'red.8' : 'dimmed'} fw={health.overdue ? 650 : undefined} data-overdue={String(health.overdue)}>
                  None yet{health.overdue ? ', and a schedule expects one' : ''}
                </Text>
              )}
            </Fact>
            <Fact label="Next scheduled run" testId="health-next-run">
              {health.next ? (
                <div>
                  <Text size="sm" ff="monospace">
                    {health.next.local}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {health.next.timeZone}, {formatTimeUntil(health.next.at, nowMs)} · {health.next.scheduleName}
                  </Text>
                </div>
              ) : (
                <Text size="sm" c="dimmed">
                  {health.pausedSchedules > 0 ? 'None: its schedules are paused. ' : 'No schedule: backups run only when someone starts one. '}
                  <Anchor
                    href={health.pausedSchedules > 0 ? hrefFor({ page: 'schedules' }) : hrefFor({ page: 'new-schedule', profileId: profile.id })}
                    size="sm"
                  >
                    {health.pausedSchedules > 0 ? 'Schedules' : 'Schedule one'}
                  </Anchor>
                </Text>
              )}
            </Fact>
            {health.problems.length > 0 && (
              <Fact label="Needs attention" testId="health-problems">
                <List spacing={6} size="sm" lh={1.45}>
                  {health.problems.map((problem) => {
                    const look = problemIcons[problem.kind];
                    return (
                      <List.Item
                        key={`${problem.scheduleName}-${problem.kind}`}
                        data-testid="health-problem"
                        data-kind={problem.kind}
                        icon={
                          <ThemeIcon size={20} radius="xl" color={look.color} variant="light" mt={1}>
                            <look.icon size={14} />
                          </ThemeIcon>
                        }
                      >
                        <Anchor href={hrefFor({ page: 'schedules' })} size="sm" fw={600} c="inherit">
                          {problem.scheduleName}
                        </Anchor>
                        : {problem.text}
                      </List.Item>
                    );
                  })}
                </List>
              </Fact>
            )}
          </Stack>
        )}
      </Stack>
    </AttentionCard>
  );
}
