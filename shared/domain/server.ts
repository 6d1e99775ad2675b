/** What Tidemark reads from a live server when it tests a profile. */
export interface ServerFacts {
  /** e.g. "15.18 (Debian 15.18-0+deb12u1)". */
  serverVersion: string;
  /** server_version_num, e.g. 150018. */
  serverVersionNum: number;
  majorVersion: number;
  /** pg_control_system().system_identifier, as a decimal string (it exceeds 2^53). */
  systemIdentifier: string | null;
  /** null when the role may not read it (needs superuser or pg_read_all_settings). */
  dataDirectory: string | null;
  timeZone: string;
  /** The server's clock at the time of the test, ISO 8601 with offset. */
  serverTime: string;
  currentDatabase: string;
  walLevel: string;
  archiveMode: string;
  archiveCommand: string | null;
  archiveLibrary: string | null;
  archiveTimeoutSeconds: number | null;
  maxWalSenders: number;
  inRecovery: boolean;
  role: {
    name: string;
    superuser: boolean;
    replication: boolean;
    /** Member of pg_read_all_data (PostgreSQL 14+): can dump every table. */
    readAllData: boolean;
  };
  ssl: boolean;
  /**
   * Tables and sequences of the current database this role cannot read (no SELECT, or no
   * USAGE on their schema): pg_dump of the database would fail on them. A few names as examples.
   */
  unreadableRelations: { count: number; examples: string[] };
}

export interface Capability {
  ready: boolean;
  /** Why it is not ready, one sentence each, with what to do. Empty when ready. */
  missing: string[];
  /** What could not be checked from here, or is worth knowing even when ready. */
  notes: string[];
}

export interface Readiness {
  logicalBackup: Capability;
  physicalBackup: Capability;
  pointInTimeRecovery: Capability;
}

export interface ServerReport {
  facts: ServerFacts;
  readiness: Readiness;
  /** How long connecting and reading took, for the UI. */
  elapsedMs: number;
  /** Whether the found pg_dump can dump this server (it must be at least the server's major). */
  tools: ToolFit;
}

export interface ToolFit {
  pgDump: { path: string; version: string } | null;
  problem: string | null;
}

/** The major version in server_version_num (150004 → 15): what tool rules and clusters match on. */
export function majorVersionOf(serverVersionNum: number): number {
  return Math.floor(serverVersionNum / 10_000);
}
