import { z } from 'zod';
import { dumpContents, identifierSchema, type TableRowCheck } from './backup';

/**
 * Where a logical restore goes. A NEW database is the default and touches nothing that exists;
 * an existing one is overwritten only when `confirm` repeats its name exactly (restore.sh's
 * typed CONFIRM, made specific to the database).
 */
export const restoreTargetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('new'),
    database: identifierSchema,
  }),
  z.object({
    kind: z.literal('existing'),
    database: identifierSchema,
    /** Drop each object before recreating it (pg_restore --clean --if-exists). */
    clean: z.boolean().default(true),
    /** Must equal `database`. */
    confirm: z.string(),
  }),
]);
export type RestoreTarget = z.output<typeof restoreTargetSchema>;

/** A table picked for a partial restore, by its exact (unquoted) names. */
export const tableRefSchema = z.object({ schema: identifierSchema, name: identifierSchema });
export type TableRef = z.infer<typeof tableRefSchema>;

export const restoreOptionsSchema = z
  .object({
    /** Only these tables (with their data, indexes, constraints, triggers and owned sequences); empty: everything. */
    tables: z.array(tableRefSchema).default([]),
    /** Parallel pg_restore workers (custom and directory formats only). */
    jobs: z.number().int().min(1).max(64).default(1),
    noOwner: z.boolean().default(true),
    noPrivileges: z.boolean().default(true),
    content: z.enum(dumpContents).default('all'),
    /** All or nothing: one transaction, so an error leaves the target as it was. */
    singleTransaction: z.boolean().default(false),
    /**
     * Also run the backup's globals.sql (roles, tablespaces; saved without passwords) against the
     * server first. For a new server; on one that has the roles, each existing role is an error
     * that is reported and skipped.
     */
    includeGlobals: z.boolean().default(false),
  })
  .refine((options) => !(options.singleTransaction && options.jobs > 1), {
    message: 'a single-transaction restore cannot use parallel jobs (pg_restore refuses --single-transaction with -j)',
    path: ['jobs'],
  });
export type RestoreOptions = z.output<typeof restoreOptionsSchema>;
export type RestoreOptionsInput = z.input<typeof restoreOptionsSchema>;

/** One message pg_restore or psql printed, grouped with its continuation lines. */
export interface RestoreMessage {
  level: 'error' | 'warning' | 'info';
  text: string;
  /** The statement that failed ("Command was: …"), or further detail lines. */
  detail?: string;
}

export interface RestoreResult {
  backupId: string;
  database: string;
  server: string;
  target: 'new' | 'existing';
  /** The database was created by this restore. */
  created: boolean;
  durationMs: number;
  /**
   * clean: no error; with-warnings: pg_restore went on past errors ("errors ignored on restore: N");
   * the restored database is usable but the messages need reading.
   */
  outcome: 'clean' | 'with-warnings';
  /** pg_restore's "errors ignored on restore: N", 0 when none. */
  ignoredErrors: number;
  /** Errors and warnings, readable one by one (informational lines are in the job log). */
  messages: RestoreMessage[];
  /** Rows per table after the restore, side by side with the backup's recorded counts. */
  tables: TableRowCheck[];
  /** Tables whose count differs from the backup's. */
  mismatchedTables: number;
}

/** A session connected to the database a restore would write to. */
export interface ActiveConnection {
  pid: number;
  user: string | null;
  application: string | null;
  clientAddress: string | null;
  state: string | null;
  backendStart: string | null;
  /** The running (or last) statement, shortened. */
  query: string | null;
}

export interface RestoreTargetInfo {
  server: string;
  database: string;
  exists: boolean;
  owner: string | null;
  encoding: string | null;
  sizeBytes: number | null;
  /** Sessions on that database other than Tidemark's own. */
  connections: ActiveConnection[];
  /** Whether the connecting role may create databases (needed for a new target). */
  canCreateDatabase: boolean;
}

/** One step of a restore as it will run, for the review screen's "copy command" button. */
export interface RestoreStep {
  title: string;
  /** A tool's argument vector, or null for an SQL statement Tidemark sends itself. */
  argv: string[] | null;
  /** The step for people: the shell-quoted command line or the SQL. */
  text: string;
}

export interface RestorePreview {
  steps: RestoreStep[];
  environment: string[];
  warnings: string[];
}
