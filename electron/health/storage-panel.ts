import type pg from 'pg';
import {
  healthStorageIntervalMs,
  type BloatEstimate,
  type HealthPanels,
  type HealthProfileSettings,
  type IndexSize,
  type RelationSize,
  type StorageData,
  type TableMaintenance,
} from '../../shared/domain/health';
import { checkResult } from './health-checks';
import {
  databaseSizesSql,
  deadTuplesCheckSql,
  duplicateIndexesSql,
  indexBloatSql,
  largestIndexesSql,
  largestTablesSql,
  maintenanceSql,
  storageClockSql,
  tableBloatSql,
  unusedIndexesSql,
} from './storage-sql';
import { panel } from './tick-panels';

/** How many rows each storage list keeps (the largest, the most bloated, …). */
export const storageListLength = 20;

interface ClockRow {
  at: Date;
  database: string;
}

interface DeadRow {
  schema: string;
  table: string;
  liveTuples: number;
  deadTuples: number;
  deadTuplePercent: number;
}

type MaintenanceRow = Omit<TableMaintenance, 'lastVacuum' | 'lastAutovacuum' | 'lastAnalyze' | 'lastAutoanalyze'> &
  Record<'lastVacuum' | 'lastAutovacuum' | 'lastAnalyze' | 'lastAutoanalyze', Date | null>;

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/**
 * Runs the storage queries on `client` (its own connection, statement_timeout set by the caller)
 * one after another, and builds the storage panel with the `dead-tuples` check. A query error
 * (a timeout, a missing privilege) is thrown for the poller to mark the panel with.
 */
export async function readStoragePanel(client: pg.Client, settings: HealthProfileSettings): Promise<HealthPanels['storage']> {
  const rows = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = [storageListLength]) => (await client.query<R>(sql, params)).rows;
  const [start] = await rows<ClockRow>(storageClockSql, []);
  const databases = await rows<StorageData['databases'][number]>(databaseSizesSql, []);
  const largestTables = await rows<RelationSize>(largestTablesSql);
  const largestIndexes = await rows<IndexSize>(largestIndexesSql);
  const tableBloat = await rows<BloatEstimate>(tableBloatSql);
  const indexBloat = await rows<BloatEstimate>(indexBloatSql);
  const unusedIndexes = await rows<IndexSize>(unusedIndexesSql);
  const duplicateIndexes = await rows<StorageData['duplicateIndexes'][number]>(duplicateIndexesSql);
  const maintenance = await rows<MaintenanceRow>(maintenanceSql);
  const [worstDead] = await rows<DeadRow>(deadTuplesCheckSql, []);
  const [end] = await rows<ClockRow>(storageClockSql, []);
  const refreshedAt = start!.at.toISOString();
  const data: StorageData = {
    database: start!.database,
    refreshedAt,
    durationMs: end!.at.getTime() - start!.at.getTime(),
    nextRefreshAt: new Date(start!.at.getTime() + healthStorageIntervalMs).toISOString(),
    databases,
    largestTables,
    largestIndexes,
    bloat: { estimate: true, accuracy: 'about ±20%', tables: tableBloat, indexes: indexBloat },
    unusedIndexes,
    duplicateIndexes,
    maintenance: maintenance.map((m) => ({
      ...m,
      lastVacuum: iso(m.lastVacuum),
      lastAutovacuum: iso(m.lastAutovacuum),
      lastAnalyze: iso(m.lastAnalyze),
      lastAutoanalyze: iso(m.lastAutoanalyze),
    })),
  };
  const dead = checkResult(
    'dead-tuples',
    worstDead
      ? {
          value: worstDead.deadTuplePercent,
          detail: `${worstDead.schema}.${worstDead.table}: ${worstDead.deadTuples} dead of ${worstDead.liveTuples + worstDead.deadTuples} rows`,
        }
      : { value: 0, detail: 'no table with more than 10,000 rows' },
    settings.thresholds,
  );
  return panel('storage', data, refreshedAt, [dead], []);
}
