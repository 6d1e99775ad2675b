/** The local sandbox cluster: a PostgreSQL Tidemark creates and runs for the user to play with. */
export type SandboxStatus =
  | { state: 'absent'; canCreate: boolean; reason?: string }
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
    };
