/** The local sandbox cluster: a PostgreSQL Tidemark creates and runs for the user to play with. */
export type SandboxStatus =
  | {
      state: 'absent';
      /** False when creating cannot work here (running as root, no initdb) or is under way. */
      canCreate: boolean;
      /** Why it cannot be created, or what happened to a sandbox that was there. */
      reason?: string;
    }
  | {
      state: 'stopped' | 'running';
      clusterId: string;
      dataDir: string;
      port: number;
      majorVersion: number;
      profileId: string | null;
      /** Keep it running when the app quits. */
      keepRunning: boolean;
      archiveDir: string;
      /** The database with the sample tables. */
      sampleDatabase: string;
      /** A pgpass-format file with the superuser's password (PGPASSFILE=… psql -h 127.0.0.1 -p PORT). */
      pgpassFile: string;
      /** Set by start when the saved port was taken by another program and the sandbox moved. */
      portChange?: PortChange;
    };

export interface PortChange {
  from: number;
  to: number;
}

/** The one sandbox's id in the managed-cluster registry, and in its profile's managedClusterId. */
export const sandboxClusterId = 'sandbox';
export const sampleDatabaseName = 'tidemark_sample';
export const sandboxSuperuser = 'postgres';
