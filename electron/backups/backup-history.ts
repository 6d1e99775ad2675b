import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  anyManifestSchema,
  logicalManifestSchema,
  verificationBadge,
  type AnyManifest,
  type BackupContents,
  type BackupList,
  type BackupManifest,
  type BackupStatus,
  type BackupSummary,
  type BackupKind,
  type LogicalManifest,
} from '../../shared/domain/backup';
import { TidemarkError } from '../../shared/domain/errors';
import { pickTool } from '../pgtools/discovery';
import type { ToolService } from '../pgtools/tool-service';
import { fsyncDir } from '../repository/durable-fs';
import { trashPrefix } from '../repository/layout';
import type { RepositoryLayout } from '../repository/layout';
import { listBackupIds, readBackupManifest } from '../repository/manifest';
import type { Repositories } from '../repository/repositories';
import { contentsTree } from './toc';
import { readToc } from './toc';

/** The history reads the repositories' manifests, nothing else. */
export interface BackupHistoryDeps {
  readonly repositories: Repositories;
}

export interface BackupFilter {
  repositoryDir?: string;
  profileId?: string;
  database?: string;
  status?: BackupStatus;
  kind?: BackupKind;
}

function summaryOf(manifest: AnyManifest, repositoryDir: string): BackupSummary {
  const logical = manifest.kind === 'logical' ? logicalManifestSchema.shape.logical.safeParse(manifest.logical) : null;
  return {
    id: manifest.id,
    kind: manifest.kind,
    status: manifest.status,
    origin: manifest.origin,
    profile: manifest.profile,
    database: logical?.success ? logical.data.database : null,
    format: logical?.success ? logical.data.format : null,
    startedAt: manifest.startedAt,
    durationMs: manifest.durationMs,
    totalBytes: manifest.totalBytes,
    verification: verificationBadge(manifest.verifications),
    lastVerifiedAt: manifest.verifications.at(-1)?.at ?? null,
    failure: manifest.failure,
    repositoryDir,
  };
}

// Summaries of manifests already read, by file, kept while the file is unchanged: a history of
// thousands of backups (each manifest holding its whole log) is listed without re-reading them all.
const summaryCache = new Map<string, { mtimeMs: number; size: number; summary: BackupSummary }>();

async function summaryFor(layout: RepositoryLayout, id: string): Promise<BackupSummary> {
  const file = layout.manifestFile(id);
  const info = await stat(file).catch(() => null);
  const cached = summaryCache.get(file);
  if (info && cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.summary;
  const summary = summaryOf(await readBackupManifest(layout, id, anyManifestSchema), layout.root);
  if (info) summaryCache.set(file, { mtimeMs: info.mtimeMs, size: info.size, summary });
  return summary;
}

/** The history from the manifests on disk, newest first, filtered. */
export async function listBackups(deps: BackupHistoryDeps, filter: BackupFilter): Promise<BackupList> {
  const layouts = await deps.repositories.all(filter.repositoryDir);
  const list: BackupList = { backups: [], unreadable: [], repositories: layouts.map((l) => l.root) };
  for (const layout of layouts) {
    for (const id of await listBackupIds(layout)) {
      let summary: BackupSummary;
      try {
        summary = await summaryFor(layout, id);
      } catch (error) {
        list.unreadable.push({ id, repositoryDir: layout.root, problem: error instanceof Error ? error.message : String(error) });
        continue;
      }
      if (filter.profileId && summary.profile?.id !== filter.profileId) continue;
      if (filter.database && summary.database !== filter.database) continue;
      if (filter.status && summary.status !== filter.status) continue;
      if (filter.kind && summary.kind !== filter.kind) continue;
      list.backups.push(summary);
    }
  }
  list.backups.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return list;
}

export async function getBackup(deps: BackupHistoryDeps, id: string, repositoryDir?: string): Promise<BackupManifest> {
  const layout = await deps.repositories.ofBackup(id, repositoryDir);
  const manifest = await readBackupManifest(layout, id, anyManifestSchema);
  if (manifest.kind === 'logical') return readBackupManifest(layout, id, logicalManifestSchema);
  return manifest as BackupManifest;
}

/** Which kind a backup is, and the repository that holds it. */
export async function backupKindOf(deps: BackupHistoryDeps, id: string, repositoryDir?: string) {
  const layout = await deps.repositories.ofBackup(id, repositoryDir);
  return { layout, kind: (await readBackupManifest(layout, id, anyManifestSchema)).kind };
}

/** A logical backup's manifest and its repository, or a clear error for another kind. */
export async function getLogicalBackup(deps: BackupHistoryDeps, id: string, repositoryDir?: string) {
  const layout = await deps.repositories.ofBackup(id, repositoryDir);
  const manifest = await readBackupManifest(layout, id, anyManifestSchema);
  if (manifest.kind !== 'logical') throw new TidemarkError('invalid_input', `Backup ${id} is a ${manifest.kind} backup, not a logical one.`);
  return { layout, manifest: (await readBackupManifest(layout, id, logicalManifestSchema)) as LogicalManifest };
}

/**
 * Deletes a backup: renamed to .trash-<id> first (so it leaves the history at once and a crash
 * half way through cannot leave a backup with missing files that still looks complete), then removed.
 */
export async function deleteBackup(deps: BackupHistoryDeps, id: string, confirm: string, repositoryDir?: string): Promise<{ id: string; deleted: true }> {
  if (confirm !== id) {
    throw new TidemarkError('confirmation_required', `Deleting backup ${id} needs its id typed as confirmation.`, { hint: `Pass --confirm ${id}.` });
  }
  const layout = await deps.repositories.ofBackup(id, repositoryDir);
  const trash = join(layout.backupsDir, trashPrefix + id);
  await rename(layout.backupDir(id), trash);
  await fsyncDir(layout.backupsDir);
  await rm(trash, { recursive: true, force: true });
  return { id, deleted: true };
}

/** The archive's table of contents as a tree of schemas and objects. */
export async function backupContents(deps: BackupHistoryDeps & { readonly tools: ToolService }, id: string, repositoryDir?: string): Promise<BackupContents> {
  const { layout, manifest } = await getLogicalBackup(deps, id, repositoryDir);
  if (manifest.status !== 'complete') throw new TidemarkError('invalid_input', `Backup ${id} is ${manifest.status}: it has no contents.`);
  const pgRestore = manifest.logical.format === 'plain' ? null : pickTool(await deps.tools.inventory(), 'pg_restore', null).path;
  const toc = await readToc(pgRestore, join(layout.backupDir(id), manifest.logical.dumpPath), manifest.logical.tocHints);
  return contentsTree(id, manifest.logical.format, toc);
}
