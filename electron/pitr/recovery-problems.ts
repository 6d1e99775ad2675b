import { TidemarkError, type ErrorCode } from '../../shared/domain/errors';
import {
  recoveryProblemDetails,
  recoveryProblemFromError,
  type DescribedEndState,
  type RecoveryEndState,
  type RecoveryProblem,
} from '../../shared/domain/pitr';

/**
 * Every end state of a recovery with one message and one next step, so the wizard, the CLI and
 * the job log say the same thing about it.
 */
export function describeEndState(state: RecoveryEndState): DescribedEndState {
  const [message, nextStep] = wording(state);
  return { state, message, nextStep };
}

function wording(state: RecoveryEndState): [string, string] {
  switch (state.kind) {
    case 'promoted':
      return [
        'Recovery reached the target and the cluster was promoted: it is a read-write server on a new timeline.',
        'Inspect the data, copy what you need back with a logical backup of chosen tables, then stop or remove the cluster.',
      ];
    case 'paused':
      return [
        'Recovery stopped at the target and is paused: the cluster is read-only for inspection.',
        'Query it; then resume (promote) it, or move the target later and replay on.',
      ];
    case 'target-before-backup-end':
      return [
        `The target is at or before the end of base backup ${state.backupId} (${state.backupEnd}): recovery from it could never reach a consistent state.`,
        'Pick a later target, or an older base backup that ended before the target.',
      ];
    case 'archive-ends-before-target':
      return [
        `Recovery ended before the target was reached: the archive stops${state.lastSegment ? ` after ${state.lastSegment}` : ''}${state.firstMissing ? ` (${state.firstMissing} is not there)` : ''}.`,
        'Check that archiving works on the source (pg_stat_archiver, `tidemark archive status`) and that the target is not later than the last archived commit; or recover to latest.',
      ];
    case 'missing-segment':
      return [
        `The WAL segment ${state.segment} is missing from the archive, and the target lies beyond it: replay would stop there.`,
        "Put the segment back into the archive if a copy exists (the source's pg_wal, another archive), or choose a target before the gap, or a base backup taken after it.",
      ];
    case 'timeline-lacks-target':
      return [
        `The timeline ${state.timeline} does not lead to the target from the chosen base backup.`,
        "Choose the timeline the target is on (see the archive's timeline tree), or a base backup on that timeline's history.",
      ];
    case 'destination-not-empty':
      return [`The destination ${state.dataDir} is not empty.`, 'Choose an empty or new folder; Tidemark never writes a recovery over existing files.'];
    case 'port-in-use':
      return [`Port ${state.port} is already in use on this machine.`, 'Choose another port, or leave it empty for a free one.'];
    case 'backup-failed-verification':
      return [
        `Base backup ${state.backupId} failed verification: ${state.problem}.`,
        'Choose another base backup; verify this one again to see what is wrong.',
      ];
    case 'no-usable-backup':
      return [state.reason, 'Take a physical backup (`tidemark backup physical`) with archiving on, then recover to a target after its end.'];
    case 'failed':
      return [`Recovery failed: ${state.reason}`, 'Read the server log shown with the job; nothing in the source or the repository was changed.'];
  }
}

const codeOf: Record<RecoveryProblem['kind'], ErrorCode> = {
  'target-before-backup-end': 'recovery_refused',
  'archive-ends-before-target': 'recovery_failed',
  'missing-segment': 'recovery_refused',
  'timeline-lacks-target': 'recovery_refused',
  'destination-not-empty': 'conflict',
  'port-in-use': 'port_in_use',
  'backup-failed-verification': 'backup_corrupt',
  'no-usable-backup': 'recovery_refused',
  failed: 'recovery_failed',
};

/** The problem as an error: its message, next step as hint, and the end state in details. */
export function recoveryError(problem: RecoveryProblem, cause?: unknown): TidemarkError {
  const { message, nextStep } = describeEndState(problem);
  return new TidemarkError(codeOf[problem.kind], message, { hint: nextStep, details: recoveryProblemDetails(problem), cause });
}

/** A problem thrown by planning or running, or null for any other error. */
export function recoveryProblemOf(error: unknown): RecoveryProblem | null {
  if (!(error instanceof TidemarkError) || typeof error.details?.endState !== 'string') return null;
  return recoveryProblemFromError(error.toPayload());
}
