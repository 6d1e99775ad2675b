import type pg from 'pg';
import type { HealthServerFacts } from '../../shared/domain/health';
import { serverFactsSql } from './tick-sql';

/** What the poller learns once per connection, and what chooses its queries. */
export interface PollerFacts extends HealthServerFacts {
  readAllStats: boolean;
  database: string;
  /** pg_stat_statements is installed and answers (it also needs shared_preload_libraries). */
  statementsUsable: boolean;
  /** Why the statements panel is missing, when the extension is installed but does not answer. */
  statementsProblem: string | null;
}

interface FactsRow {
  version: string;
  version_num: number;
  role: string;
  superuser: boolean | null;
  pg_monitor: boolean;
  read_all_stats: boolean;
  pg_stat_statements: boolean;
  pid: number;
  database: string;
}

export const supportedVersions = { min: 120000, maxTested: 179999 } as const;

export async function readPollerFacts(client: pg.Client): Promise<PollerFacts> {
  const row = (await client.query<FactsRow>(serverFactsSql)).rows[0]!;
  let statementsProblem: string | null = null;
  if (row.pg_stat_statements) {
    // Installed but not preloaded: every read fails ("must be loaded via shared_preload_libraries").
    statementsProblem = await client
      .query('/* tidemark-health facts */ SELECT 1 FROM pg_stat_statements LIMIT 0')
      .then(() => null)
      .catch((error: Error) => error.message);
  }
  return {
    version: row.version,
    versionNum: row.version_num,
    role: row.role,
    superuser: row.superuser === true,
    pgMonitor: row.pg_monitor || row.superuser === true,
    readAllStats: row.read_all_stats || row.superuser === true,
    pgStatStatements: row.pg_stat_statements,
    statementsUsable: row.pg_stat_statements && statementsProblem === null,
    statementsProblem,
    pollerPid: row.pid,
    database: row.database,
  };
}
