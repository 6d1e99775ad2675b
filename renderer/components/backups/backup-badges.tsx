import { Badge, Tooltip } from '@mantine/core';
import type { BackupStatus, VerificationBadge } from '../../../shared/domain/backup';

const statusLook: Record<BackupStatus, { color: string; label: string; explanation: string }> = {
  complete: { color: 'teal', label: 'Succeeded', explanation: 'Every file is written, fsynced and checksummed.' },
  failed: { color: 'red', label: 'Failed', explanation: 'A record only: the partial files were removed.' },
  cancelled: { color: 'orange', label: 'Cancelled', explanation: 'Cancelled before it finished: a record only, no data files.' },
};

export function BackupStatusBadge({ status }: { status: BackupStatus }) {
  const look = statusLook[status];
  return (
    <Tooltip label={look.explanation} withArrow openDelay={400}>
      <Badge color={look.color} variant="light" data-testid="backup-status" data-status={status}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}

const verificationLook: Record<VerificationBadge, { color: string; label: string; explanation: string }> = {
  unverified: { color: 'gray', label: 'Not verified', explanation: 'No verification has run on this backup.' },
  'checksums-ok': { color: 'blue', label: 'Checksums OK', explanation: 'The files match their SHA-256 and the archive reads back.' },
  'test-restored': {
    color: 'teal',
    label: 'Test-restored',
    explanation: 'Restored into a scratch database: every table has the rows recorded at backup time.',
  },
  failed: { color: 'red', label: 'Verify failed', explanation: 'The last verification found a problem: open the backup to see which.' },
};

export function VerificationBadgeView({ badge }: { badge: VerificationBadge }) {
  const look = verificationLook[badge];
  return (
    <Tooltip label={look.explanation} withArrow openDelay={400} multiline w={260}>
      <Badge color={look.color} variant={badge === 'test-restored' ? 'filled' : 'light'} data-testid="verification-badge" data-verification={badge}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}
