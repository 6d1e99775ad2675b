/**
 * The storage panel's queries (issue 12): run hourly while watched or on health.refreshStorage,
 * never on a tick, on their own short-lived connection. Every figure is float8 so node-postgres
 * hands numbers, not bigint strings. `$1` is the list length (top N) everywhere.
 */

const userTables = `c.relkind IN ('r', 'm', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'`;

/** Sizes of every database this role may connect to (pg_database_size needs CONNECT or pg_read_all_stats). */
export const databaseSizesSql = `/* tidemark-health storage */
SELECT datname AS name, pg_database_size(oid)::float8 AS "sizeBytes"
  FROM pg_database
 WHERE datallowconn AND (has_database_privilege(oid, 'CONNECT') OR pg_has_role('pg_read_all_stats', 'USAGE'))
 ORDER BY 2 DESC, 1`;

/**
 * Largest tables: one pg_total_relation_size per table to rank them (a few stat() calls each, so
 * 10,000 tables stay well under a second), the heap/index/TOAST split only for the top N.
 */
export const largestTablesSql = `/* tidemark-health storage */
WITH ranked AS (
  SELECT c.oid, n.nspname, c.relname, c.reltuples, pg_total_relation_size(c.oid) AS total
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE ${userTables}
   ORDER BY total DESC, n.nspname, c.relname
   LIMIT $1
)
SELECT nspname AS schema, relname AS name, total::float8 AS "totalBytes",
       pg_relation_size(oid)::float8 AS "heapBytes",
       pg_indexes_size(oid)::float8 AS "indexBytes",
       (pg_total_relation_size(oid) - pg_relation_size(oid) - pg_indexes_size(oid)
          - pg_relation_size(oid, 'fsm') - pg_relation_size(oid, 'vm') - pg_relation_size(oid, 'init'))::float8 AS "toastBytes",
       CASE WHEN reltuples < 0 THEN NULL ELSE reltuples::float8 END AS "estimatedRows"
  FROM ranked
 ORDER BY total DESC, nspname, relname`;

const indexSizeColumns = `s.schemaname AS schema, s.relname AS "table", s.indexrelname AS name,
       pg_relation_size(s.indexrelid)::float8 AS "sizeBytes", s.idx_scan::float8 AS scans`;

export const largestIndexesSql = `/* tidemark-health storage */
SELECT ${indexSizeColumns}
  FROM pg_stat_user_indexes s
 ORDER BY 4 DESC, 1, 2, 3
 LIMIT $1`;

/** Never scanned since statistics began, and not enforcing anything (unique, primary key, exclusion). */
export const unusedIndexesSql = `/* tidemark-health storage */
SELECT ${indexSizeColumns}
  FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
 WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion AND i.indisvalid
 ORDER BY 4 DESC, 1, 2, 3
 LIMIT $1`;

/**
 * Same table, same access method, same key columns with the same operator classes and collations,
 * same expressions and the same predicate: one of each group is redundant.
 */
export const duplicateIndexesSql = `/* tidemark-health storage */
SELECT n.nspname AS schema, t.relname AS "table",
       array_agg(ci.relname::text ORDER BY ci.relname) AS indexes,
       sum(pg_relation_size(i.indexrelid))::float8 AS "sizeBytes"
  FROM pg_index i
  JOIN pg_class ci ON ci.oid = i.indexrelid
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
 GROUP BY n.nspname, t.relname, i.indrelid, ci.relam, i.indkey::text, i.indclass::text, i.indcollation::text,
          coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
HAVING count(*) > 1
 ORDER BY 4 DESC, 1, 2
 LIMIT $1`;

/**
 * Table bloat: ioguix's statistics-based estimate (pgsql-bloat-estimation, table_bloat.sql):
 * the expected pages from reltuples and pg_stats' avg_width/null_frac against relpages. A table
 * with a column pg_stats has no row for is "no statistics" (never analyzed, or not visible to
 * this role). Top N estimates by bloat, and up to N tables without statistics, biggest first.
 */
export const tableBloatSql = `/* tidemark-health storage */
WITH per_table AS (
  SELECT c.oid, n.nspname, c.relname, c.reltuples, c.relpages AS heappages,
         coalesce(toast.relpages, 0) AS toastpages, coalesce(toast.reltuples, 0) AS toasttuples,
         coalesce(substring(array_to_string(c.reloptions, ' ') FROM 'fillfactor=([0-9]+)')::smallint, 100) AS fillfactor,
         current_setting('block_size')::numeric AS bs,
         CASE WHEN version() ~ 'mingw32|64-bit|x86_64|ppc64|ia64|amd64|aarch64|arm64' THEN 8 ELSE 4 END AS ma,
         24 AS page_hdr,
         23 + CASE WHEN max(coalesce(s.null_frac, 0)) > 0 THEN (7 + count(s.attname)) / 8 ELSE 0::int END AS tpl_hdr_size,
         sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 0)) AS tpl_data_size,
         count(*) FILTER (WHERE a.attnum > 0) <> count(s.attname) AS no_stats
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname AND NOT s.inherited
    LEFT JOIN pg_class toast ON toast.oid = c.reltoastrelid
   WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
   GROUP BY c.oid, n.nspname, c.relname, c.reltuples, c.relpages, toast.relpages, toast.reltuples, c.reloptions
), sized AS (
  SELECT *, (heappages + toastpages) AS tblpages,
         4 + tpl_hdr_size + tpl_data_size + (2 * ma)
           - CASE WHEN tpl_hdr_size % ma = 0 THEN ma ELSE tpl_hdr_size % ma END
           - CASE WHEN ceil(tpl_data_size)::int % ma = 0 THEN ma ELSE ceil(tpl_data_size)::int % ma END AS tpl_size
    FROM per_table
), estimated AS (
  SELECT *, ceil(greatest(reltuples, 0) / ((bs - page_hdr) * fillfactor / (tpl_size * 100))) + ceil(toasttuples / 4) AS est_pages_ff
    FROM sized
), answered AS (
  SELECT nspname AS schema, relname AS "table", NULL::text AS index, no_stats AS "noStatistics",
         CASE WHEN no_stats THEN pg_table_size(oid) ELSE bs * tblpages END::float8 AS "actualBytes",
         CASE WHEN no_stats THEN NULL ELSE greatest(tblpages - est_pages_ff, 0) * bs END::float8 AS "bloatBytes",
         CASE WHEN no_stats THEN NULL WHEN tblpages > 0 THEN 100 * greatest(tblpages - est_pages_ff, 0) / tblpages ELSE 0 END::float8 AS "bloatPercent"
    FROM estimated
)
(SELECT * FROM answered WHERE NOT "noStatistics" ORDER BY "bloatBytes" DESC, schema, "table" LIMIT $1)
UNION ALL
(SELECT * FROM answered WHERE "noStatistics" ORDER BY "actualBytes" DESC, schema, "table" LIMIT $1)`;

/**
 * B-tree index bloat: ioguix's btree_bloat.sql. Key columns take their statistics from the
 * table's pg_stats row (an expression from the index's own); any key without one is "no statistics".
 */
export const indexBloatSql = `/* tidemark-health storage */
WITH idx AS (
  SELECT ci.oid AS idxoid, ci.relname AS idxname, ci.reltuples, ci.relpages, i.indrelid AS tbloid, i.indnatts,
         coalesce(substring(array_to_string(ci.reloptions, ' ') FROM 'fillfactor=([0-9]+)')::smallint, 90) AS fillfactor,
         string_to_array(textin(int2vectorout(i.indkey)), ' ')::int[] AS indkey
    FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
   WHERE ci.relam = (SELECT oid FROM pg_am WHERE amname = 'btree') AND ci.relpages > 0
), cols AS (
  SELECT idx.*, ct.relname AS tblname, ct.relnamespace,
         coalesce(a1.attname, a2.attname) AS attname,
         CASE WHEN a1.attnum IS NULL THEN idx.idxname ELSE ct.relname END AS attrelname
    FROM idx CROSS JOIN LATERAL generate_series(1, idx.indnatts) AS attpos
    JOIN pg_class ct ON ct.oid = idx.tbloid
    LEFT JOIN pg_attribute a1 ON idx.indkey[attpos] <> 0 AND a1.attrelid = idx.tbloid AND a1.attnum = idx.indkey[attpos]
    LEFT JOIN pg_attribute a2 ON idx.indkey[attpos] = 0 AND a2.attrelid = idx.idxoid AND a2.attnum = attpos
), stats AS (
  SELECT n.nspname, c.tblname, c.idxname, c.idxoid, c.reltuples, c.relpages, c.fillfactor,
         current_setting('block_size')::numeric AS bs,
         CASE WHEN version() ~ 'mingw32|64-bit|x86_64|ppc64|ia64|amd64|aarch64|arm64' THEN 8 ELSE 4 END AS maxalign,
         24 AS pagehdr, 16 AS pageopqdata,
         CASE WHEN max(coalesce(s.null_frac, 0)) = 0 THEN 8 ELSE 8 + ((32 + 8 - 1) / 8) END AS index_tuple_hdr_bm,
         sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 1024)) AS nulldatawidth,
         bool_or(s.attname IS NULL) AS no_stats
    FROM cols c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.attrelname AND s.attname = c.attname
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
   GROUP BY n.nspname, c.tblname, c.idxname, c.idxoid, c.reltuples, c.relpages, c.fillfactor
), widths AS (
  SELECT *, (index_tuple_hdr_bm + maxalign
              - CASE WHEN index_tuple_hdr_bm % maxalign = 0 THEN maxalign ELSE index_tuple_hdr_bm % maxalign END
              + nulldatawidth + maxalign
              - CASE WHEN nulldatawidth = 0 THEN 0 WHEN nulldatawidth::int % maxalign = 0 THEN maxalign ELSE nulldatawidth::int % maxalign END
            )::numeric AS nulldatahdrwidth
    FROM stats
), estimated AS (
  SELECT *, coalesce(1 + ceil(greatest(reltuples, 0) / floor((bs - pageopqdata - pagehdr) * fillfactor / (100 * (4 + nulldatahdrwidth)::float))), 0) AS est_pages_ff
    FROM widths
), answered AS (
  SELECT nspname AS schema, tblname AS "table", idxname AS index, no_stats AS "noStatistics",
         (bs * relpages)::float8 AS "actualBytes",
         CASE WHEN no_stats THEN NULL ELSE greatest(relpages - est_pages_ff, 0) * bs END::float8 AS "bloatBytes",
         CASE WHEN no_stats THEN NULL ELSE 100 * greatest(relpages - est_pages_ff, 0) / relpages END::float8 AS "bloatPercent"
    FROM estimated
)
(SELECT * FROM answered WHERE NOT "noStatistics" ORDER BY "bloatBytes" DESC, schema, "table", index LIMIT $1)
UNION ALL
(SELECT * FROM answered WHERE "noStatistics" ORDER BY "actualBytes" DESC, schema, "table", index LIMIT $1)`;

const deadPercent = `CASE WHEN n_live_tup + n_dead_tup > 0 THEN 100.0 * n_dead_tup / (n_live_tup + n_dead_tup) END::float8`;

/**
 * Vacuum and analyze per table: those never vacuumed or analyzed and the highest dead-tuple
 * ratios (top N), and the `dead-tuples` check over every table with more than 10,000 rows.
 */
export const maintenanceSql = `/* tidemark-health storage */
SELECT schemaname AS schema, relname AS "table", n_live_tup::float8 AS "liveTuples", n_dead_tup::float8 AS "deadTuples",
       ${deadPercent} AS "deadTuplePercent",
       last_vacuum AS "lastVacuum", last_autovacuum AS "lastAutovacuum", last_analyze AS "lastAnalyze", last_autoanalyze AS "lastAutoanalyze",
       (last_vacuum IS NULL AND last_autovacuum IS NULL) AS "neverVacuumed",
       (last_analyze IS NULL AND last_autoanalyze IS NULL) AS "neverAnalyzed"
  FROM pg_stat_user_tables
 ORDER BY ${deadPercent} DESC NULLS LAST, n_dead_tup DESC, schemaname, relname
 LIMIT $1`;

export const deadTuplesCheckSql = `/* tidemark-health storage */
SELECT schemaname AS schema, relname AS "table", n_live_tup::float8 AS "liveTuples", n_dead_tup::float8 AS "deadTuples",
       ${deadPercent} AS "deadTuplePercent"
  FROM pg_stat_user_tables
 WHERE n_live_tup + n_dead_tup > 10000
 ORDER BY 5 DESC, schemaname, relname
 LIMIT 1`;

/** Server time around the storage queries (the panel's durationMs and refreshedAt are the server's clock). */
export const storageClockSql = `/* tidemark-health storage */ SELECT clock_timestamp() AS at, current_database() AS database`;
