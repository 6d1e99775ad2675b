import { hostname } from 'node:os';
import type { RequestParsed } from '../../shared/contract';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionProfile } from '../../shared/domain/profile';
import type { BackupPin, RetentionApplyResult, RetentionHistoryEntry, RetentionPlan } from '../../shared/domain/retention';
import { chooseRetentionPolicy, type ProfileRetentionPolicy } from '../../shared/domain/retention-policy';
import { heldBackups } from '../repository/backup-holds';
import type { RepositoryLayout } from '../repository/layout';
import type { Repositories } from '../repository/repositories';
import { deleteArchivedFiles } from '../wal/wal-cleanup';
import { openRetentionArchive, type RetentionArchive } from './archive-names';
import { readRepositoryBackups } from './backup-catalog';
import { machineTimeZone } from './calendar-periods';
import { pinBackup, readPins, unpinBackup } from './pins';
import { clearRetentionPolicy, readRetentionPolicy, writeRetentionPolicy } from './retention-policies';
import { planRetention, type PlannedRetention } from './retention-engine';
import { appendRetentionHistory, readRetentionHistory } from './retention-history';

export interface RetentionServiceDeps {
  readonly repositories: Repositories;
  readonly profiles: { get(id: string): ConnectionProfile };
  /** Deletes one backup through the history's own rule (renamed to .trash-<id> at once, then removed). */
  readonly backups: { delete(id: string, confirm: string, repositoryDir?: string): Promise<unknown> };
  /** Now, for keep-within and pin dates: the host's clock (the scheduler's, which tests move by hand). */
  readonly clock?: { now(): Date };
}

export type RetentionPlanRequest = RequestParsed<'retention.plan'>;
export type RetentionApplyRequest = RequestParsed<'retention.apply'>;

interface Planned extends PlannedRetention {
  plan: RetentionPlan;
  layout: RepositoryLayout;
  archives: Map<string, RetentionArchive>;
}

// One apply at a time per repository within a process: two schedules finishing together plan and
// delete one after the other, each seeing what the other left.
const applying = new Map<string, Promise<unknown>>();

/**
 * Retention of a profile's backups: the plan (a dry run), applying it, pins, the profile's stored
 * policy, and the history of runs. A plan uses the rules given with it, else the profile's stored
 * policy (chooseRetentionPolicy); with neither it is refused and nothing is deleted. The scheduler
 * calls apply({ profileId, policy: the schedule's own rules or none, trigger: 'schedule' }) after a
 * successful scheduled backup and publishes the counts it returns as `retention.applied`.
 */
export class RetentionService {
  constructor(private readonly deps: RetentionServiceDeps) {}

  async plan(request: RetentionPlanRequest): Promise<RetentionPlan> {
    return (await this.makePlan(request)).plan;
  }

  async apply(request: RetentionApplyRequest): Promise<RetentionApplyResult> {
    const root = this.deps.repositories.rootFor({ repositoryDir: request.repositoryDir, profile: this.deps.profiles.get(request.profileId) });
    const previous = applying.get(root) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.applyNow(request));
    applying.set(root, run);
    try {
      return await run;
    } finally {
      if (applying.get(root) === run) applying.delete(root);
    }
  }

  async pin(request: RequestParsed<'retention.pin'>): Promise<BackupPin> {
    const layout = await this.deps.repositories.ofBackup(request.backupId, request.repositoryDir);
    const now = this.now();
    return pinBackup(layout, { backupId: request.backupId, until: request.until, pinnedAt: now.toISOString(), note: request.note ?? null });
  }

  async unpin(request: RequestParsed<'retention.unpin'>): Promise<{ backupId: string; wasPinned: boolean }> {
    const layout = await this.deps.repositories.open({ repositoryDir: request.repositoryDir });
    // A backup already deleted can still be unpinned: look in the named (or default) repository then.
    const holder = await this.deps.repositories.ofBackup(request.backupId, request.repositoryDir).catch(() => layout);
    return unpinBackup(holder, request.backupId);
  }

  async pins(request: RequestParsed<'retention.pins'>): Promise<BackupPin[]> {
    return readPins(await this.layoutOf(request));
  }

  async policy(request: RequestParsed<'retention.policy'>): Promise<ProfileRetentionPolicy> {
    const layout = await this.layoutOf(request);
    return { profileId: request.profileId, repositoryDir: layout.root, stored: await readRetentionPolicy(layout, request.profileId) };
  }

  async setPolicy(request: RequestParsed<'retention.setPolicy'>): Promise<ProfileRetentionPolicy> {
    const profile = this.deps.profiles.get(request.profileId);
    const layout = await this.deps.repositories.open({ repositoryDir: request.repositoryDir, profile });
    const stored = await writeRetentionPolicy(layout, {
      profileId: profile.id,
      profileName: profile.name,
      policy: request.policy,
      updatedAt: this.now().toISOString(),
    });
    return { profileId: profile.id, repositoryDir: layout.root, stored };
  }

  async clearPolicy(request: RequestParsed<'retention.clearPolicy'>): Promise<{ profileId: string; wasSet: boolean }> {
    return clearRetentionPolicy(await this.layoutOf(request), request.profileId);
  }

  async history(request: RequestParsed<'retention.history'>): Promise<RetentionHistoryEntry[]> {
    return readRetentionHistory(await this.layoutOf(request), { profileId: request.profileId, limit: request.limit });
  }

  private async applyNow(request: RetentionApplyRequest): Promise<RetentionApplyResult> {
    // Planned again now, whatever was shown before: a backup made, pinned or verified since changes the plan.
    const planned = await this.makePlan(request);
    const { plan, layout } = planned;
    if (request.expectedFingerprint && request.expectedFingerprint !== plan.fingerprint) {
      throw new TidemarkError(
        'conflict',
        'The backups changed since the plan was made (a backup was added, deleted, pinned or verified): nothing was deleted.',
        {
          hint: 'Look at the plan again and apply the new one.',
          details: { expected: request.expectedFingerprint, now: plan.fingerprint },
        },
      );
    }
    const total = plan.completeKept + plan.completeDeleted;
    if (plan.needsConfirmation && !request.confirm) {
      throw new TidemarkError(
        'confirmation_required',
        `This plan deletes ${plan.completeDeleted} of the ${total} backups of ${plan.profile.name} (more than half): it needs an explicit confirmation.`,
        { hint: 'Look at the plan first (tidemark retention plan …), then apply it with --confirm (in the app: confirm in the dialog).' },
      );
    }

    const skipped: RetentionApplyResult['skipped'] = [];
    const failures: RetentionApplyResult['failures'] = [];
    const deleted: RetentionHistoryEntry['deleted'] = [];
    const leftClusters = new Set<string>();
    // Oldest first: an interruption leaves the newer backups, which the next run decides about again.
    const deletions = plan.backups.filter((backup) => backup.action === 'delete').reverse();
    for (const backup of deletions) {
      const held = await heldBackups(layout);
      if (held.has(backup.id)) {
        skipped.push({ id: backup.id, why: `a restore started reading it (${held.get(backup.id)!.join(', ')})` });
        if (backup.systemIdentifier) leftClusters.add(backup.systemIdentifier);
        continue;
      }
      try {
        await this.deps.backups.delete(backup.id, backup.id, layout.root);
        deleted.push({ id: backup.id, kind: backup.kind, startedAt: backup.startedAt, totalBytes: backup.totalBytes, reason: backup.reason });
      } catch (error) {
        if (error instanceof TidemarkError && error.code === 'not_found') {
          skipped.push({ id: backup.id, why: 'it was already gone' });
          continue;
        }
        failures.push({ id: backup.id, message: error instanceof Error ? error.message : String(error) });
        if (backup.systemIdentifier) leftClusters.add(backup.systemIdentifier);
      }
    }

    // WAL after the backups: a crash in between leaves WAL nothing needs (the next run prunes it),
    // never a base backup whose WAL is gone.
    const wal: RetentionHistoryEntry['wal'] = [];
    let walSegmentsPruned = 0;
    let walBytesPruned = 0;
    for (const item of plan.wal) {
      const files = planned.walFiles.get(item.systemIdentifier)?.files ?? [];
      const archive = planned.archives.get(item.systemIdentifier);
      if (files.length === 0 || !archive) continue;
      if (leftClusters.has(item.systemIdentifier)) {
        skipped.push({ id: `wal:${item.systemIdentifier}`, why: 'a base backup the plan deleted was left, and it needs that WAL: nothing pruned' });
        continue;
      }
      const result = await deleteArchivedFiles(archive, files);
      for (const failure of result.failures) failures.push({ id: `wal:${failure.fileName}`, message: failure.message });
      walSegmentsPruned += result.deleted;
      walBytesPruned += result.freedBytes;
      wal.push({
        systemIdentifier: item.systemIdentifier,
        segmentsPruned: result.deleted,
        bytesPruned: result.freedBytes,
        firstPruned: item.firstPruned,
        lastPruned: item.lastPruned,
      });
    }

    const bytesFreed = deleted.reduce((sum, backup) => sum + backup.totalBytes, 0) + walBytesPruned;
    const kept = plan.backups.length - deleted.length;
    await appendRetentionHistory(layout, {
      at: this.now().toISOString(),
      profile: plan.profile,
      policy: plan.policy,
      policySource: plan.policySource,
      timeZone: plan.timeZone,
      trigger: request.trigger,
      scheduleName: request.scheduleName ?? null,
      host: hostname(),
      kept,
      deleted,
      skipped,
      failures,
      wal,
      bytesFreed,
    });
    return { plan, kept, deleted: deleted.length, bytesFreed, walSegmentsPruned, skipped, failures, historyFile: layout.retentionHistoryFile };
  }

  private async makePlan(request: RetentionPlanRequest): Promise<Planned> {
    const profile = this.deps.profiles.get(request.profileId);
    const layout = await this.deps.repositories.open({ repositoryDir: request.repositoryDir, profile });
    const [{ candidates, unreadable }, pins, held, stored] = await Promise.all([
      readRepositoryBackups(layout),
      readPins(layout),
      heldBackups(layout),
      readRetentionPolicy(layout, profile.id),
    ]);
    const chosen = chooseRetentionPolicy(request.policy, stored?.policy ?? null);
    if (!chosen) {
      throw new TidemarkError('not_found', `${profile.name} has no retention policy stored in ${layout.root}, and no rules were given: nothing is deleted.`, {
        hint: "Give rules (for example --keep-last 7 --keep-daily 7), or store the profile's policy: tidemark retention policy set --profile … (in the app: the Retention page).",
      });
    }
    const ours = candidates.filter((candidate) => candidate.profileId === profile.id);
    const clusters = new Set(ours.flatMap((candidate) => (candidate.kind === 'physical' && candidate.systemIdentifier ? [candidate.systemIdentifier] : [])));
    const archives = new Map<string, RetentionArchive>();
    for (const systemIdentifier of clusters) {
      const archive = await openRetentionArchive(layout.root, systemIdentifier);
      if (archive) archives.set(systemIdentifier, archive);
    }
    const planned = planRetention({
      profile: { id: profile.id, name: profile.name },
      repositoryDir: layout.root,
      policy: chosen.policy,
      timeZone: request.timeZone ?? machineTimeZone(),
      now: this.now(),
      backups: ours,
      otherBaseBackups: candidates.filter((candidate) => candidate.profileId !== profile.id && candidate.kind === 'physical'),
      pins,
      beingRestored: new Set(held.keys()),
      archives: [...archives.values()],
      unreadable,
    });
    return { ...planned, plan: { ...planned.plan, policySource: chosen.source }, layout, archives };
  }

  private async layoutOf(request: { profileId?: string; repositoryDir?: string }): Promise<RepositoryLayout> {
    const profile = request.profileId ? this.deps.profiles.get(request.profileId) : null;
    return this.deps.repositories.open({ repositoryDir: request.repositoryDir, profile });
  }

  private now(): Date {
    return this.deps.clock?.now() ?? new Date();
  }
}
