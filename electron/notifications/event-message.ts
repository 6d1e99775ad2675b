import type { NotificationMessage, NotificationSeverity } from '../../shared/domain/notification';
import type { MissedSlotReason } from '../../shared/domain/notification-event';
import { formatBytes } from '../../shared/format/bytes';
import { formatDurationMs } from '../../shared/format/duration';
import { formatCheckValue } from '../../shared/format/health-value';

/**
 * A message as people read it, the same words in every channel: a desktop notification's title
 * and body, an email's subject and text, a Slack message, the generic webhook's `message`.
 */
export interface MessageText {
  title: string;
  text: string;
  severity: NotificationSeverity;
  /** Label and value pairs (Slack's fields, the email's table). */
  facts: [string, string][];
}

const missedReasons: Record<MissedSlotReason, string> = {
  'app-not-running': 'no Tidemark was running',
  asleep: 'the computer was asleep',
  overlap: 'the previous run was still going',
  'outside-window': 'it was past the schedule’s "do not start after" time',
};

const kindLabel = { logical: 'Logical', physical: 'Physical' } as const;

export function describeMessage(message: NotificationMessage): MessageText {
  switch (message.type) {
    case 'backup.succeeded':
      return {
        title: `Backup succeeded: ${message.profileName}`,
        text: `${kindLabel[message.backupKind]} backup ${message.backupId}${ofSchedule(message.scheduleName)}: ${formatBytes(message.sizeBytes)} in ${formatDurationMs(message.durationMs)}.`,
        severity: 'info',
        facts: [
          ['Profile', message.profileName],
          ['Backup', message.backupId],
          ...scheduleFact(message.scheduleName),
          ['Size', formatBytes(message.sizeBytes)],
        ],
      };
    case 'backup.failed':
      return {
        title: `Backup failed: ${message.profileName}`,
        text: `${kindLabel[message.backupKind]} backup${ofSchedule(message.scheduleName)} failed (attempt ${message.attempt}): ${message.error.message}${message.error.hint ? ` ${message.error.hint}` : ''}`,
        severity: 'critical',
        facts: [['Profile', message.profileName], ...scheduleFact(message.scheduleName), ['Error', message.error.code], ['Attempt', String(message.attempt)]],
      };
    case 'backup.missed':
      return {
        title: `Backup missed: ${message.profileName}`,
        text: `Schedule "${message.scheduleName}" did not run at ${message.slot}: ${missedReasons[message.reason]}.`,
        severity: 'warning',
        facts: [
          ['Profile', message.profileName],
          ['Schedule', message.scheduleName],
          ['Slot', message.slot],
          ['Reason', message.reason],
        ],
      };
    case 'backup.overdue':
      return {
        title: `Backup overdue: ${message.profileName}`,
        text: message.lastSuccessAt
          ? `No successful backup since ${message.lastSuccessAt}, more than ${message.thresholdHours} h ago.`
          : `No successful backup yet, and the profile expects one every ${message.thresholdHours} h.`,
        severity: 'critical',
        facts: [
          ['Profile', message.profileName],
          ['Last success', message.lastSuccessAt ?? 'never'],
          ['Threshold', `${message.thresholdHours} h`],
        ],
      };
    case 'retention.applied':
      return {
        title: `Retention applied: ${message.profileName}`,
        text: `Kept ${message.kept} backups, deleted ${message.deleted}, freed ${formatBytes(message.bytesFreed)}, pruned ${message.walSegmentsPruned} WAL segments.`,
        severity: 'info',
        facts: [
          ['Profile', message.profileName],
          ['Kept', String(message.kept)],
          ['Deleted', String(message.deleted)],
          ['Freed', formatBytes(message.bytesFreed)],
        ],
      };
    case 'archiver.failing':
      return {
        title: `WAL archiving failing: ${message.profileName}`,
        text: `The archiver has failed ${message.failedCount} times${message.lastFailedWal ? `, last on ${message.lastFailedWal}` : ''}${message.lastFailedAt ? ` at ${message.lastFailedAt}` : ''}. Point-in-time recovery cannot reach past the last archived segment. ${message.hint}`,
        severity: 'critical',
        facts: [
          ['Profile', message.profileName],
          ['Failing since', message.failingSince],
          ['Failures', String(message.failedCount)],
          ['Last failed WAL', message.lastFailedWal ?? '-'],
        ],
      };
    case 'health.threshold':
      return {
        title: `${message.checkLabel} red: ${message.profileName}`,
        text: `${message.checkLabel} is ${formatCheckValue(message.value, message.unit)}, past its red threshold of ${formatCheckValue(message.redThreshold, message.unit)}${message.detail ? ` (${message.detail})` : ''}.`,
        severity: 'critical',
        facts: [
          ['Profile', message.profileName],
          ['Check', message.check],
          ['Value', formatCheckValue(message.value, message.unit)],
          ['Red at', formatCheckValue(message.redThreshold, message.unit)],
        ],
      };
    case 'repository.disk-nearly-full':
      return {
        title: 'Backup repository nearly full',
        text: `${formatBytes(message.freeBytes)} free of ${formatBytes(message.totalBytes)} at ${message.repositoryDir}. Backups fail once it is full.`,
        severity: 'warning',
        facts: [
          ['Repository', message.repositoryDir],
          ['Free', formatBytes(message.freeBytes)],
          ['Size', formatBytes(message.totalBytes)],
        ],
      };
    case 'notification.test':
      return {
        title: 'Tidemark test notification',
        text: `A test from the channel "${message.channelName}", sent at ${message.at}. If you read this, the channel works.`,
        severity: 'info',
        facts: [['Channel', message.channelName]],
      };
  }
}

function ofSchedule(scheduleName: string | undefined): string {
  return scheduleName ? ` of schedule "${scheduleName}"` : '';
}

function scheduleFact(scheduleName: string | undefined): [string, string][] {
  return scheduleName ? [['Schedule', scheduleName]] : [];
}
