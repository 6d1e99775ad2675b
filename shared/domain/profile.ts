import { z } from 'zod';
import type { SecretStorageKind } from './app';

export const sslModes = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof sslModes)[number];

const nonEmpty = z.string().trim().min(1);

/**
 * Where a profile connects: explicit parameters, a libpq URI, or a pg_service.conf service.
 * Passwords are never part of it: they live in the secret store, .pgpass or PGPASSWORD.
 */
export const connectionTargetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('params'),
    host: nonEmpty.max(255),
    port: z.number().int().min(1).max(65535).default(5432),
    database: nonEmpty.max(63),
    user: nonEmpty.max(63),
    sslmode: z.enum(sslModes).default('prefer'),
    /** CA certificate file, for verify-ca / verify-full. */
    sslrootcert: z.string().trim().min(1).optional(),
  }),
  z.object({
    kind: z.literal('uri'),
    uri: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, 'a connection URI starts with postgres:// or postgresql://'),
  }),
  z.object({
    kind: z.literal('service'),
    service: nonEmpty.max(255),
    /** Overrides the service's dbname when set. */
    database: z.string().trim().min(1).max(63).optional(),
  }),
]);
export type ConnectionTarget = z.infer<typeof connectionTargetSchema>;

export const profileNameSchema = z
  .string()
  .trim()
  .min(1, 'a profile needs a name')
  .max(80)
  .regex(/^[^\s/\\][^/\\]*$/, 'a profile name cannot contain slashes or start with a space');

export interface ConnectionProfile {
  id: string;
  name: string;
  target: ConnectionTarget;
  /** A Tidemark-managed local cluster (the sandbox, a recovered copy) this profile points at. */
  managedClusterId?: string;
  /** Per-profile backup repository; the app's default repository when absent. */
  repositoryDir?: string;
  /**
   * Marked by the user as a development server: dev database snapshots (which end sessions and
   * drop databases) are allowed here. Managed clusters allow them without the mark.
   */
  developmentServer?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A profile as the UI sees it: never the password, only whether one is saved. */
export interface ProfileView extends ConnectionProfile {
  passwordSaved: boolean;
  /** The store saved passwords are kept in (the same for every profile; AppInfo says where and why). */
  secretStorage: SecretStorageKind;
  /** "host:port/db as user", for lists. */
  summary: string;
}

export const profileDraftSchema = z.object({
  /** Present when editing an existing profile. */
  id: z.string().min(1).optional(),
  name: profileNameSchema,
  target: connectionTargetSchema,
  repositoryDir: z.string().trim().min(1).optional(),
  /** A password to keep in the secret store; null removes a saved one; absent keeps it. */
  password: z.string().min(1).nullable().optional(),
  /** Marks (true) or unmarks (false) a development server; absent keeps the mark. */
  developmentServer: z.boolean().optional(),
  /** Turning the mark on needs the profile's name typed here: snapshots end sessions and drop databases. */
  developmentServerConfirm: z.string().optional(),
});
export type ProfileDraft = z.infer<typeof profileDraftSchema>;

/** Whether dev database snapshots may run on a profile's server: a managed cluster, or a server marked as a development server. */
export function allowsSnapshots(profile: Pick<ConnectionProfile, 'managedClusterId' | 'developmentServer'>): boolean {
  return Boolean(profile.managedClusterId) || profile.developmentServer === true;
}
