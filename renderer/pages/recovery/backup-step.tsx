import { Badge, Group, Paper, Radio, Stack, Text } from '@mantine/core';
import type { PlannedBaseBackup, RecoveryPlan } from '../../../shared/domain/pitr';
import { formatLsn } from '../../../shared/domain/wal';
import { formatUtc } from '../../components/recovery/zoned-time';
import { formatBytes } from '../../../shared/format/bytes';

const verificationText: Record<PlannedBaseBackup['verification'], { label: string; color: string }> = {
  passed: { label: 'Verified', color: 'teal' },
  failed: { label: 'Failed verification', color: 'red' },
  'not-checked': { label: 'Not verified (checked against its SHA-256 sums while extracting)', color: 'gray' },
};

/**
 * Step 3: the base backup recovery starts from. The plan's choice is the latest one that ended
 * before the target on the right timeline (the least WAL to replay); any other that can serve is
 * offered, and those that cannot say why.
 */
export function BackupStep({ autoPlan, backupId, onChange }: { autoPlan: RecoveryPlan; backupId: string | null; onChange: (backupId: string | null) => void }) {
  const usable = [autoPlan.backup, ...autoPlan.alternatives];
  const chosen = backupId ?? autoPlan.backup.id;
  return (
    <Stack gap="md">
      <Radio.Group value={chosen} onChange={(id) => onChange(id === autoPlan.backup.id ? null : id)}>
        <Stack gap="sm">
          {usable.map((backup) => (
            <Paper key={backup.id} withBorder radius="md" p="md" data-testid="backup-choice" data-backup-id={backup.id}>
              <Radio
                value={backup.id}
                label={
                  <Group gap="sm">
                    <Text fw={600} ff="monospace">
                      {backup.id}
                    </Text>
                    {backup.id === autoPlan.backup.id && (
                      <Badge variant="light" color="teal">
                        Chosen automatically: the latest that ended before the target
                      </Badge>
                    )}
                  </Group>
                }
                description={<BackupFacts backup={backup} />}
              />
            </Paper>
          ))}
        </Stack>
      </Radio.Group>
      {autoPlan.rejected.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Cannot serve this target
          </Text>
          {autoPlan.rejected.map((rejected) => (
            <Text key={rejected.id} size="sm" c="dimmed">
              <Text span ff="monospace">
                {rejected.id}
              </Text>
              : {rejected.reason}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function BackupFacts({ backup }: { backup: PlannedBaseBackup }) {
  const verification = verificationText[backup.verification];
  return (
    <Stack gap={2} mt={4}>
      <Text size="sm">
        Taken {backup.startTime ? formatUtc(backup.startTime) : '?'}, recoverable from its end{' '}
        {backup.stopTime ? formatUtc(backup.stopTime) : `at LSN ${formatLsn(backup.stopLsn)}`} (LSN {formatLsn(backup.stopLsn)}, timeline {backup.timeline}).
      </Text>
      <Group gap="xs">
        <Text size="sm">
          {formatBytes(backup.sizeBytes)}, {backup.format}
          {backup.compression ? `, ${backup.compression}` : ''}
          {backup.walIncluded ? ', WAL included' : ''}
        </Text>
        <Badge size="sm" variant="light" color={verification.color}>
          {verification.label}
        </Badge>
      </Group>
    </Stack>
  );
}
