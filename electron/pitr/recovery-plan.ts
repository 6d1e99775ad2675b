import { join } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import type {
  PlannedBaseBackup,
  PlannedTarget,
  RecoveryPlan,
  RecoveryProblem,
  RecoveryRequest,
  RejectedBaseBackup,
  TargetTimeline,
} from '../../shared/domain/pitr';
import { formatTargetTimeSetting, instantMs } from '../../shared/domain/pitr-time';
import type { RecoverableWindow } from '../../shared/domain/wal-archive';
import {
  compareLsn,
  formatLsn,
  formatSegmentName,
  segmentBeforeLsn,
  segmentEndLsn,
  segmentForLsn,
  segmentFromNumber,
  segmentNumber,
  type Lsn,
} from '../../shared/domain/wal';
import type { ClusterBinaries } from '../clusters/local-cluster';
import type { ManagedClusters } from '../clusters/managed-clusters';
import { pickTool } from '../pgtools/discovery';
import type { ToolService } from '../pgtools/tool-service';
import type { RepositoryLayout } from '../repository/layout';
import { openRepository } from '../repository/open-repository';
import type { TidemarkPaths } from '../settings/tidemark-home';
import { recoverableWindow } from '../wal/recoverable-window';
import { openArchive, type OpenedArchive } from '../wal/wal-archive';
import { recoverableBackups, tablespaceTarPattern, type RecoverableBaseBackup } from './base-backup-catalog';
import { socketDirFor } from './recovered-cluster-access';
import { checkDestination, type DestinationCheck } from './recovery-destination';
import { formatSettingLine, networkSettings, recoverySettings, type SegmentCompression } from './recovery-settings';
import { resolveRecoverySource, type RecoverySource, type RecoverySourceDeps } from './recovery-source';
import { firstPointNamed, readRestorePoints, type LoggedRestorePoint } from './restore-point-log';
import { lineageFor, newestTimeline, walkLineage, type LineageProblem, type LineageStep, type LineageWalk } from './wal-lineage';
import { majorVersionOf } from '../../shared/domain/server';

/** A plan ready to run: what the wizard shows, and what the job needs besides. */
export interface ResolvedRecovery {
  plan: RecoveryPlan;
  request: RecoveryRequest;
  source: RecoverySource;
  backup: RecoverableBaseBackup;
  binaries: ClusterBinaries & { binDir: string; major: number; pgVerifybackup: string };
  clusterId: string;
  socketDir: string;
  logFile: string;
  /** Where replay must get to (the target LSN, or the end of the last segment needed), for progress. */
  replayEndLsn: Lsn | null;
  segmentSizeBytes: number;
  /** Names of the archive's segments on the lineage, to tell a gap from the archive's end at run time. */
  lineageSegments: Set<string>;
  settings: ReturnType<typeof recoverySettings>;
}

export type PlanResult = { kind: 'ready'; resolved: ResolvedRecovery } | { kind: 'refused'; problem: RecoveryProblem };

interface Candidate {
  backup: RecoverableBaseBackup;
  timeline: number;
  steps: LineageStep[];
}

/** What planning reads: the source, the repository's backups and archive, the tools, the managed clusters and their folder. */
export interface RecoveryPlanDeps extends RecoverySourceDeps {
  readonly paths: TidemarkPaths;
}

type PlanRefusal = Extract<PlanResult, { kind: 'refused' }>;

function isRefusal<T extends object>(step: T | PlanRefusal): step is PlanRefusal {
  return (step as PlanRefusal).kind === 'refused';
}

/**
 * Plans a recovery without changing anything: source cluster, base backup, the WAL from the
 * backup's start to the target and whether the archive has it, the destination, and the exact
 * settings. A recovery that cannot work is refused here, before anything starts.
 */
export async function planRecovery(deps: RecoveryPlanDeps, request: RecoveryRequest, options: { forStart: boolean }): Promise<PlanResult> {
  const source = await resolveRecoverySource(deps, request);
  const repository = await findRecoverableBackups(source);
  if (isRefusal(repository)) return repository;
  const wal = await openSourceWal(deps.tools, source, request, repository.backups);
  const aim = await aimAt(source, request);
  const weighed = await weighBackups(request, repository.backups, wal, aim.target);
  const choice = chooseBackup(request, source, repository.backups, weighed, aim.target);
  if (isRefusal(choice)) return choice;
  aim.target.timeline = request.timeline === 'latest' ? 'latest' : choice.chosen.timeline;
  const reach = await checkWalReach(request, choice.chosen, wal, aim);
  if (isRefusal(reach)) return reach;
  const destination = await checkRecoveryDestination(deps, request, source, choice.chosen.backup, options);
  if (isRefusal(destination)) return destination;
  const binaries = await recoveryBinaries(deps.tools, majorVersionOf(choice.chosen.backup.manifest.physical.serverVersionNum));
  return readyToRun({ deps, request, source, layout: repository.layout, wal, aim, weighed, choice, reach, destination, binaries });
}

/** The repository's complete physical backups of the source cluster, newest first. */
async function findRecoverableBackups(source: RecoverySource): Promise<{ layout: RepositoryLayout; backups: RecoverableBaseBackup[] } | PlanRefusal> {
  const layout = await openRepository(source.repositoryRoot);
  const { backups, incomplete } = await recoverableBackups(layout, source.systemIdentifier);
  if (backups.length === 0) {
    const why = incomplete.length ? ` (${incomplete.length} backup${incomplete.length === 1 ? ' is' : 's are'} failed or unfinished)` : '';
    return refused({
      kind: 'no-usable-backup',
      reason: `The repository ${source.repositoryRoot} holds no complete physical backup of cluster ${source.systemIdentifier}${why}.`,
    });
  }
  return { layout, backups };
}

/** The source's WAL archive (none is needed to recover to the end of a backup), and its recoverable window, read once when first asked. */
interface SourceWal {
  archive: OpenedArchive | null;
  segmentSizeBytes: number;
  windowOf(archive: OpenedArchive): Promise<RecoverableWindow>;
}

async function openSourceWal(tools: ToolService, source: RecoverySource, request: RecoveryRequest, backups: RecoverableBaseBackup[]): Promise<SourceWal> {
  const archive = await openArchive(source.repositoryRoot, source.systemIdentifier).catch((error: unknown) => {
    if (error instanceof TidemarkError && error.code === 'not_found' && request.target.kind === 'immediate') return null;
    throw error;
  });
  const segmentSizeBytes = archive?.listing.segmentSizeBytes ?? backups[0]!.manifest.physical.walSegmentSizeBytes;
  let window: RecoverableWindow | null = null;
  const windowOf = async (a: OpenedArchive) =>
    (window ??= await recoverableWindow(
      tools,
      a,
      backups.map((b) => b.manifest),
    ));
  return { archive, segmentSizeBytes, windowOf };
}

/** The target as planned; a restore point's LSN comes from the repository's log of them, when it is there. */
interface Aim {
  target: PlannedTarget;
  namedPoint: LoggedRestorePoint | null;
}

async function aimAt(source: RecoverySource, request: RecoveryRequest): Promise<Aim> {
  const target = describeTarget(request);
  const namedPoint =
    request.target.kind === 'name' ? firstPointNamed(await readRestorePoints(source.repositoryRoot, source.systemIdentifier), request.target.name) : null;
  if (namedPoint) target.stopLsn = namedPoint.lsn;
  return { target, namedPoint };
}

/** Each backup either can serve the target (a candidate, with its timeline's lineage) or is rejected with why. */
interface Weighing {
  candidates: Candidate[];
  rejected: RejectedBaseBackup[];
  lineageProblem: RecoveryProblem | null;
}

async function weighBackups(request: RecoveryRequest, backups: RecoverableBaseBackup[], wal: SourceWal, target: PlannedTarget): Promise<Weighing> {
  const { archive, segmentSizeBytes } = wal;
  const rejected: RejectedBaseBackup[] = [];
  const candidates: Candidate[] = [];
  let lineageProblem: RecoveryProblem | null = null;
  for (const backup of backups) {
    const facts = backup.manifest.physical;
    const reject = (reason: string) => rejected.push({ id: backup.id, reason });
    if (facts.verification.status === 'failed') {
      reject(`pg_verifybackup found it damaged: ${facts.verification.problems.slice(0, 2).join('; ')}`);
      continue;
    }
    const tablespaces = backup.files.filter((file) => tablespaceTarPattern.test(file.path));
    if (tablespaces.length > 0) {
      reject('it has tablespaces outside the data directory, which Tidemark does not restore yet');
      continue;
    }
    if (archive) {
      const usable = (await wal.windowOf(archive)).baseBackups.find((b) => b.backupId === backup.id);
      if (usable && !usable.usable) {
        reject(usable.problem ?? 'its WAL is incomplete');
        continue;
      }
    }
    const timeline = timelineFor(request.timeline, backup, archive);
    const lineage = archive
      ? lineageFor(
          archive.timelines,
          timeline,
          { timeline: facts.points.timeline, checkpointLsn: facts.points.checkpointLsn ?? facts.points.startLsn },
          segmentSizeBytes,
        )
      : timeline === facts.points.timeline
        ? { steps: [{ timeline, firstSegNo: 0n, lastSegNo: null }] }
        : { problem: { kind: 'unknown-timeline' } as LineageProblem };
    if ('problem' in lineage) {
      const why = lineageWhy(lineage.problem, timeline, facts.points.timeline);
      reject(why);
      lineageProblem ??= { kind: 'timeline-lacks-target', timeline: `${timeline} (${why})` };
      continue;
    }
    const before = endsBeforeTarget(request, backup.view, target.stopLsn);
    if (before === false) {
      reject(`it ends at ${backup.view.stopTime ?? formatLsn(backup.view.stopLsn)}, not before the target`);
      continue;
    }
    candidates.push({ backup, timeline, steps: lineage.steps });
  }
  return { candidates, rejected, lineageProblem };
}

/** The backup asked for, or the one that is sure to start before the target; a refusal says why none can serve. */
function chooseBackup(
  request: RecoveryRequest,
  source: RecoverySource,
  backups: RecoverableBaseBackup[],
  { candidates, rejected, lineageProblem }: Weighing,
  target: PlannedTarget,
): { chosen: Candidate; warnings: string[] } | PlanRefusal {
  const warnings: string[] = [];
  let chosen: Candidate | undefined;
  if (request.backupId) {
    chosen = candidates.find((c) => c.backup.id === request.backupId);
    if (!chosen) {
      const known = backups.find((b) => b.id === request.backupId);
      if (!known)
        throw new TidemarkError(
          'not_found',
          `No complete physical backup ${request.backupId} of cluster ${source.systemIdentifier} in ${source.repositoryRoot}.`,
        );
      const why = rejected.find((r) => r.id === request.backupId)?.reason ?? 'it cannot serve this target';
      if (known.manifest.physical.verification.status === 'failed') return refused({ kind: 'backup-failed-verification', backupId: known.id, problem: why });
      if (/not before the target/.test(why))
        return refused({ kind: 'target-before-backup-end', backupId: known.id, backupEnd: known.view.stopTime ?? formatLsn(known.view.stopLsn) });
      if (lineageProblem) return refused(lineageProblem);
      return refused({ kind: 'no-usable-backup', reason: `Base backup ${known.id} cannot be used: ${why}.` });
    }
  } else if (positionUnknown(request, target)) {
    // The target's place in WAL is only found by replaying: the earliest backup is sure to start before it.
    chosen = candidates.at(-1);
    if (chosen && candidates.length > 1)
      warnings.push(
        `Where ${target.description} lies in WAL is known only while replaying, so the earliest usable base backup (${chosen.backup.id}) is used; pick a later one if you know the target is after its end.`,
      );
  } else {
    chosen = candidates[0];
  }
  if (!chosen) {
    const earliest = backups.at(-1)!;
    const tooLate = rejected.length > 0 && rejected.every((r) => /not before the target/.test(r.reason));
    if (tooLate)
      return refused({ kind: 'target-before-backup-end', backupId: earliest.id, backupEnd: earliest.view.stopTime ?? formatLsn(earliest.view.stopLsn) });
    if (lineageProblem) return refused(lineageProblem);
    const failedVerification = backups.find((b) => b.manifest.physical.verification.status === 'failed');
    if (failedVerification && rejected.length === 1)
      return refused({ kind: 'backup-failed-verification', backupId: failedVerification.id, problem: rejected[0]!.reason });
    return refused({
      kind: 'no-usable-backup',
      reason: `No base backup of cluster ${source.systemIdentifier} can serve ${target.description}: ${rejected.map((r) => `${r.id}: ${r.reason}`).join('; ')}.`,
    });
  }
  return { chosen, warnings };
}

/** The segments replay reads, from the backup's start to the target's (when known), and the last commit the archive reaches. */
interface WalReach {
  startSegNo: bigint;
  toSegNo: bigint | null;
  walk: LineageWalk | null;
  lastNeededSegNo: bigint;
  lastCommitTime: string | null;
  warnings: string[];
}

/** Does the archive reach the target? A gap before it, or an archive that ends before it, refuses the recovery. */
async function checkWalReach(request: RecoveryRequest, chosen: Candidate, wal: SourceWal, { namedPoint }: Aim): Promise<WalReach | PlanRefusal> {
  const { archive, segmentSizeBytes } = wal;
  const warnings: string[] = [];
  const backup = chosen.backup;
  const points = backup.manifest.physical.points;
  const startSegNo = segmentNumber(segmentForLsn(points.startLsn, points.timeline, segmentSizeBytes), segmentSizeBytes);
  const stopSegNo = segmentNumber(segmentBeforeLsn(points.stopLsn, points.timeline, segmentSizeBytes), segmentSizeBytes);
  const inBackup = (segNo: bigint) => backup.manifest.physical.walIncluded && segNo >= startSegNo && segNo <= stopSegNo;
  let toSegNo: bigint | null;
  switch (request.target.kind) {
    case 'immediate':
      toSegNo = stopSegNo;
      break;
    case 'lsn':
      toSegNo = segmentNumber(segmentForLsn(request.target.lsn, chosen.timeline, segmentSizeBytes), segmentSizeBytes);
      break;
    case 'name':
      toSegNo = namedPoint ? segmentNumber(segmentForLsn(namedPoint.lsn, chosen.timeline, segmentSizeBytes), segmentSizeBytes) : null;
      break;
    default:
      toSegNo = null;
  }
  const walk = archive ? walkLineage(archive.listing, chosen.steps, startSegNo, toSegNo, inBackup) : null;
  const lastNeededSegNo = toSegNo ?? walk?.lastSegNo ?? stopSegNo;
  const positionKnown = toSegNo !== null;
  if (walk?.firstMissing) {
    if (positionKnown) {
      // The target lies at or after the missing segment.
      if (!walk.moreAfterMissing) return refused({ kind: 'archive-ends-before-target', lastSegment: walk.lastPresent, firstMissing: walk.firstMissing });
      return refused({ kind: 'missing-segment', segment: walk.firstMissing });
    }
    if (request.target.kind === 'latest') return refused({ kind: 'missing-segment', segment: walk.firstMissing });
    if (request.target.kind !== 'time')
      warnings.push(`The archive has a gap at ${walk.firstMissing}: if the target lies beyond it, recovery stops there and nothing is promoted.`);
  }
  let lastCommitTime: string | null = null;
  if (archive && (request.target.kind === 'time' || request.target.kind === 'latest')) {
    // The window reads the last commit before the end of the backup's contiguous WAL (pg_waldump).
    const reach = reachOf(await wal.windowOf(archive), backup.id, chosen.steps);
    lastCommitTime = reach?.to.time ?? null;
    if (request.target.kind === 'time') {
      // No commit found after the backup's end: where the window searched the whole run (it reads
      // back at most 16 segments), the backup's end is the latest reachable time.
      const searchedWholeRun = (walk?.used.length ?? 0) <= 16;
      const reachableUntil = reach?.to.time ?? (searchedWholeRun ? backup.view.stopTime : null);
      const beyondReach = reachableUntil ? instantMs(request.target.at) > instantMs(reachableUntil) : walk?.firstMissing != null;
      if (beyondReach) {
        const missing = walk?.firstMissing ?? (reach && reach.endsAt !== 'archive-end' ? reach.nextMissing : null);
        if (missing) return refused({ kind: 'missing-segment', segment: missing });
        const next = walk?.lastSegNo != null ? formatSegmentName(segmentFromNumber(chosen.steps[0]!.timeline, walk.lastSegNo + 1n, segmentSizeBytes)) : null;
        return refused({ kind: 'archive-ends-before-target', lastSegment: walk?.lastPresent ?? null, firstMissing: next });
      }
      if (!reachableUntil) warnings.push("The archive's last commit time could not be read (pg_waldump); recovery will say whether the target is reached.");
    }
  }
  return { startSegNo, toSegNo, walk, lastNeededSegNo, lastCommitTime, warnings };
}

/** Where the recovery writes, checked (recovery-destination.ts); in place, the cluster must run the backup's major version. */
async function checkRecoveryDestination(
  deps: RecoveryPlanDeps,
  request: RecoveryRequest,
  source: RecoverySource,
  backup: RecoverableBaseBackup,
  options: { forStart: boolean },
): Promise<{ check: Extract<DestinationCheck, { ok: true }>; warnings: string[] } | PlanRefusal> {
  const warnings: string[] = [];
  const check = await checkDestination(deps, request.destination, {
    repositoryRoot: source.repositoryRoot,
    sourceDataDir: source.sourceDataDir,
    confirmationRequired: options.forStart,
  });
  if (!check.ok) return refused(check.problem);
  if (
    check.destination.kind === 'in-place' &&
    request.destination.kind === 'in-place' &&
    request.destination.confirmName.trim() !== check.destination.clusterName
  ) {
    warnings.push(`Type ${check.destination.clusterName} to confirm before starting: its data directory is moved aside (kept) and replaced.`);
  }
  if (check.record && check.destination.kind === 'in-place' && check.record.majorVersion !== majorVersionOf(backup.manifest.physical.serverVersionNum)) {
    throw new TidemarkError(
      'invalid_input',
      `${check.record.name} runs PostgreSQL ${check.record.majorVersion}, the backup is of ${majorVersionOf(backup.manifest.physical.serverVersionNum)}.`,
    );
  }
  return { check, warnings };
}

/** pg_ctl, initdb and pg_verifybackup of the backup's major version. */
async function recoveryBinaries(tools: ToolService, major: number): Promise<ResolvedRecovery['binaries']> {
  const inventory = await tools.inventory();
  const pgCtl = pickTool(inventory, 'pg_ctl', major, 'same-major');
  const { tools: installed, binDir } = pgCtl.installation;
  return {
    pgCtl: pgCtl.path,
    initdb: installed.initdb ?? join(binDir, 'initdb'),
    pgVerifybackup: installed.pg_verifybackup ?? join(binDir, 'pg_verifybackup'),
    binDir,
    major,
  };
}

/** The settings, files and steps the plan shows, and what the job needs besides. */
function readyToRun(planned: {
  deps: RecoveryPlanDeps;
  request: RecoveryRequest;
  source: RecoverySource;
  layout: RepositoryLayout;
  wal: SourceWal;
  aim: Aim;
  weighed: Weighing;
  choice: { chosen: Candidate; warnings: string[] };
  reach: WalReach;
  destination: { check: Extract<DestinationCheck, { ok: true }>; warnings: string[] };
  binaries: ResolvedRecovery['binaries'];
}): PlanResult {
  const { deps, request, source, layout, wal, aim, weighed, choice, reach, binaries } = planned;
  const { archive, segmentSizeBytes } = wal;
  const { target } = aim;
  const { chosen } = choice;
  const { check } = planned.destination;
  const { startSegNo, toSegNo, walk, lastNeededSegNo } = reach;
  const backup = chosen.backup;
  const points = backup.manifest.physical.points;
  const warnings = [...choice.warnings, ...reach.warnings, ...planned.destination.warnings];

  const archiveDir = archive?.archiveDir ?? layout.walDir(source.systemIdentifier);
  const used = walk?.used ?? [];
  const compressions = [...new Set<SegmentCompression>(used.map((s) => s.compression))];
  if (compressions.length === 0) compressions.push('none');
  const settings = recoverySettings({ archiveDir, compressions, target, pauseForInspection: request.pauseForInspection });
  const destination = check.destination;
  const socketDir = socketDirFor(destination.clusterFolder, check.clusterId);
  const network = networkSettings(destination.port, socketDir, destination.dataDir);
  if (request.pauseForInspection && request.target.kind === 'latest')
    warnings.push('Recovery to latest has no target to pause at: it promotes at the end of the archive.');
  if (backup.view.verification === 'not-checked')
    warnings.push(`Base backup ${backup.id} was not checked by pg_verifybackup; its files are checked against their recorded SHA-256 while extracting.`);

  const replayEndLsn =
    request.target.kind === 'lsn'
      ? request.target.lsn
      : (target.stopLsn ??
        (request.target.kind === 'immediate'
          ? points.stopLsn
          : walk?.lastSegNo != null
            ? segmentEndLsn(segmentFromNumber(chosen.steps[0]!.timeline, lastNeededSegNo, segmentSizeBytes), segmentSizeBytes)
            : null));

  const plan: RecoveryPlan = {
    systemIdentifier: source.systemIdentifier,
    repositoryDir: source.repositoryRoot,
    target,
    backup: backup.view,
    alternatives: weighed.candidates.filter((c) => c.backup.id !== backup.id).map((c) => c.backup.view),
    rejected: weighed.rejected,
    wal: {
      archiveDir,
      firstSegment: formatSegmentName(segmentFromNumber(points.timeline, startSegNo, segmentSizeBytes)),
      lastSegment:
        toSegNo !== null || request.target.kind === 'latest' || request.target.kind === 'immediate'
          ? formatSegmentName(segmentFromNumber(chosen.steps[0]!.timeline, lastNeededSegNo, segmentSizeBytes))
          : null,
      segmentCount: used.length,
      sizeBytes: used.reduce((sum, s) => sum + s.sizeBytes, 0),
      compressions,
      lastCommitTime: reach.lastCommitTime,
    },
    destination,
    pauseForInspection: request.pauseForInspection,
    settingsLines: settings.map(([name, value]) => formatSettingLine(name, value)),
    filesWritten: [
      "postgresql.auto.conf (the lines above, after the source's own)",
      'recovery.signal',
      `tidemark.conf (${Object.entries(network)
        .map(([name, value]) => `${name} = ${value}`)
        .join(', ')}), included last from postgresql.conf`,
      `pg_hba.conf: "local all all trust" first, for the private socket folder ${socketDir}`,
    ],
    steps: planSteps(destination, backup, target),
    warnings,
    serverMajor: binaries.major,
    name: request.name ?? uniqueName(deps.clusters, `Recovered ${source.label} at ${shortTarget(target)}`),
  };
  const lineageSegments = new Set<string>();
  if (archive) for (const step of chosen.steps) for (const s of archive.listing.byTimeline.get(step.timeline) ?? []) lineageSegments.add(s.name);
  return {
    kind: 'ready',
    resolved: {
      plan,
      request,
      source,
      backup,
      binaries,
      clusterId: check.clusterId,
      socketDir,
      logFile: join(destination.clusterFolder, 'server.log'),
      replayEndLsn,
      segmentSizeBytes,
      lineageSegments,
      settings,
    },
  };
}

function refused(problem: RecoveryProblem): PlanRefusal {
  return { kind: 'refused', problem };
}

/** The requested timeline, with 'latest' resolved the way the server will resolve it for this backup. */
function timelineFor(requested: TargetTimeline, backup: RecoverableBaseBackup, archive: OpenedArchive | null): number {
  if (requested !== 'latest') return requested;
  return archive ? newestTimeline(archive.listing, backup.manifest.physical.points.timeline) : backup.manifest.physical.points.timeline;
}

function lineageWhy(problem: LineageProblem, timeline: number, backupTimeline: number): string {
  switch (problem.kind) {
    case 'unknown-timeline':
      return `the archive has no timeline ${timeline}`;
    case 'history-missing':
      return `the history file of timeline ${problem.timeline} is missing from the archive`;
    case 'not-descendant':
      return `timeline ${timeline} does not descend from the backup's timeline ${backupTimeline}`;
    case 'forked-before-backup':
      return `timeline ${timeline} left timeline ${backupTimeline} at ${formatLsn(problem.forkLsn)}, before the backup's checkpoint`;
  }
}

/** Whether the backup ended before the target (null: cannot be known before replaying). */
function endsBeforeTarget(request: RecoveryRequest, backup: PlannedBaseBackup, knownStopLsn: Lsn | null): boolean | null {
  const t = request.target;
  switch (t.kind) {
    case 'time':
      return backup.stopTime !== null && instantMs(backup.stopTime) < instantMs(t.at);
    case 'lsn':
      return compareLsn(backup.stopLsn, t.lsn) < 0;
    case 'name':
      return knownStopLsn ? compareLsn(backup.stopLsn, knownStopLsn) < 0 : null;
    default:
      return null;
  }
}

function positionUnknown(request: RecoveryRequest, target: PlannedTarget): boolean {
  return request.target.kind === 'xid' || (request.target.kind === 'name' && target.stopLsn === null);
}

/** The window interval a backup's replay reaches furthest along the lineage (newest timeline first). */
function reachOf(window: RecoverableWindow, backupId: string, steps: readonly LineageStep[]) {
  for (const step of steps) {
    const intervals = window.intervals.filter((i) => i.timeline === step.timeline && i.baseBackupIds.includes(backupId));
    if (intervals.length > 0) return intervals.sort((a, b) => compareLsn(b.to.lsn, a.to.lsn))[0]!;
  }
  return null;
}

export function describeTarget(request: Pick<RecoveryRequest, 'target' | 'inclusive' | 'timeline'>): PlannedTarget {
  const t = request.target;
  const inclusive = request.inclusive;
  const edge = inclusive ? 'inclusive' : 'exclusive';
  let description: string;
  switch (t.kind) {
    case 'time':
      description = `${formatTargetTimeSetting(t.at)} (UTC), ${edge}`;
      break;
    case 'lsn':
      description = `LSN ${formatLsn(t.lsn)}, ${edge}`;
      break;
    case 'xid':
      description = `transaction ${t.xid}, ${edge}`;
      break;
    case 'name':
      description = `restore point "${t.name}"`;
      break;
    case 'latest':
      description = 'the latest point in the archive';
      break;
    case 'immediate':
      description = 'the end of the base backup';
      break;
  }
  return { target: t, inclusive, timeline: request.timeline, description, stopLsn: t.kind === 'lsn' ? t.lsn : null };
}

function shortTarget(target: PlannedTarget): string {
  const t = target.target;
  switch (t.kind) {
    case 'time':
      return t.at.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
    case 'lsn':
      return formatLsn(t.lsn);
    case 'xid':
      return `xid ${t.xid}`;
    case 'name':
      return t.name;
    case 'latest':
      return 'latest';
    case 'immediate':
      return 'backup end';
  }
}

function uniqueName(clusters: ManagedClusters, base: string): string {
  const taken = new Set(clusters.list().map((record) => record.name.toLowerCase()));
  const trimmed = base.slice(0, 76);
  for (let n = 1; ; n++) {
    const name = n === 1 ? trimmed : `${trimmed} (${n})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

function planSteps(destination: RecoveryPlan['destination'], backup: RecoverableBaseBackup, target: PlannedTarget): string[] {
  const steps: string[] = [];
  if (destination.kind === 'in-place') {
    steps.push(
      `Stop ${destination.clusterName}${destination.wasRunning ? '' : ' (it is stopped)'} and move ${destination.dataDir} aside to ${destination.dataDir}.old-<time> (kept, never deleted).`,
    );
  } else {
    steps.push(`Create ${destination.dataDir} (mode 0700).`);
  }
  const format =
    backup.manifest.physical.format === 'tar'
      ? `extract ${backup.files
          .filter((f) => /\.tar/.test(f.path))
          .map((f) => f.path.split('/').pop())
          .join(' and ')}`
      : 'copy the plain data directory';
  steps.push(`Check base backup ${backup.id} against its SHA-256 sums and ${format}.`);
  steps.push('Write the recovery settings, recovery.signal, the port and the private socket folder; turn archiving off in the copy.');
  steps.push(`Start PostgreSQL on 127.0.0.1:${destination.port} and replay WAL from the repository to ${target.description}.`);
  steps.push('Check pg_is_in_recovery() is false, read the last replayed commit time and count the rows of every table, then add a connection profile.');
  return steps;
}
