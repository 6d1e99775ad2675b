import type { RecoveredTableRef, RecoveredTableRows } from '../../shared/domain/pitr';
import { qualifiedName } from '../../shared/domain/sql-identifier';
import { withLocalClient, type ClusterSocket } from './recovered-cluster-access';

// Enough for the "are my rows back?" check; a cluster with more tables says how many were left out.
const maxTablesCounted = 500;
// A recovery paused at its target keeps the locks of transactions in progress there (a DROP or
// TRUNCATE replayed up to its commit): count(*) on such a table would wait until promotion.
const lockWaitMs = 2_000;
const lockNotAvailable = '55P03';

/**
 * Exact row counts (count(*)) of every user table in every database of a recovered cluster, the
 * seeds' post-recovery check. Partitions are counted through their parent only.
 */
export async function countTableRows(
  socket: ClusterSocket,
  user: string,
  signal?: AbortSignal,
): Promise<{ tables: RecoveredTableRows[]; notCounted: number; locked: RecoveredTableRef[] }> {
  const databases = await withLocalClient(socket, user, async (client) =>
    (await client.query<{ datname: string }>('select datname from pg_database where datallowconn and not datistemplate order by datname')).rows.map(
      (row) => row.datname,
    ),
  );
  const tables: RecoveredTableRows[] = [];
  const locked: RecoveredTableRef[] = [];
  let notCounted = 0;
  for (const database of databases) {
    if (signal?.aborted) break;
    await withLocalClient(
      socket,
      user,
      async (client) => {
        await client.query(`set lock_timeout = ${lockWaitMs}`);
        const { rows } = await client.query<{ schema: string; table: string }>(`
          select n.nspname as schema, c.relname as table
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where c.relkind in ('r', 'p') and not c.relispartition
             and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'
           order by 1, 2`);
        for (const row of rows) {
          if (tables.length >= maxTablesCounted) {
            notCounted += 1;
            continue;
          }
          const counted = await client
            .query<{ n: string }>(`select count(*)::text as n from ${qualifiedName(row.schema, row.table)}`)
            .catch((error: { code?: string }) => {
              if (error.code === lockNotAvailable) return null;
              throw error;
            });
          if (counted) tables.push({ database, schema: row.schema, table: row.table, rows: Number(counted.rows[0]!.n) });
          else locked.push({ database, schema: row.schema, table: row.table });
        }
      },
      database,
    ).catch(() => undefined); // a database this role may not enter is left out
  }
  return { tables, notCounted, locked };
}
