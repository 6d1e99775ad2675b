import type { ChangeEvent } from 'react';
import { connectionTargetSchema, profileNameSchema, type ConnectionTarget, type ProfileView, type SslMode } from '../../../shared/domain/profile';

export type TargetKind = ConnectionTarget['kind'];

/** The form's fields as typed, before validation (every field a string the user is editing). */
export interface ProfileDraftFields {
  name: string;
  kind: TargetKind;
  host: string;
  port: string;
  database: string;
  user: string;
  sslmode: SslMode;
  sslrootcert: string;
  uri: string;
  service: string;
  serviceDatabase: string;
  password: string;
  savePassword: boolean;
}

export type DraftErrors = Partial<Record<keyof ProfileDraftFields, string>>;

/** The fields typed as free text (not the target's kind, sslmode or savePassword). */
export type DraftTextField = { [K in keyof ProfileDraftFields]: string extends ProfileDraftFields[K] ? K : never }[keyof ProfileDraftFields];

/** The draft as a form edits it: its fields, the errors the last check found, and how a change is made. */
export interface DraftEditor {
  fields: ProfileDraftFields;
  errors: DraftErrors;
  onChange: (change: Partial<ProfileDraftFields>) => void;
}

/** A text input's value, change and error, bound to one field of the draft (as Mantine's form.getInputProps binds them). */
export function draftTextProps({ fields, errors, onChange }: DraftEditor, field: DraftTextField) {
  return {
    value: fields[field],
    onChange: (event: ChangeEvent<HTMLInputElement>) => onChange({ [field]: event.currentTarget.value }),
    error: errors[field],
  };
}

export function draftFieldsFor(profile: ProfileView | null): ProfileDraftFields {
  const fields: ProfileDraftFields = {
    name: profile?.name ?? '',
    kind: profile?.target.kind ?? 'params',
    host: 'localhost',
    port: '5432',
    database: 'postgres',
    user: '',
    sslmode: 'prefer',
    sslrootcert: '',
    uri: '',
    service: '',
    serviceDatabase: '',
    password: '',
    savePassword: profile ? profile.passwordSaved : true,
  };
  const target = profile?.target;
  if (target?.kind === 'params') {
    Object.assign(fields, {
      host: target.host,
      port: String(target.port),
      database: target.database,
      user: target.user,
      sslmode: target.sslmode,
      sslrootcert: target.sslrootcert ?? '',
    });
  } else if (target?.kind === 'uri') {
    fields.uri = target.uri;
  } else if (target?.kind === 'service') {
    Object.assign(fields, { service: target.service, serviceDatabase: target.database ?? '' });
  }
  return fields;
}

function optional(text: string): string | undefined {
  return text.trim() ? text.trim() : undefined;
}

/** The connection target the fields describe, checked by the contract's own schema. */
export function targetFromDraft(fields: ProfileDraftFields): { target: ConnectionTarget; errors: null } | { target: null; errors: DraftErrors } {
  const candidate =
    fields.kind === 'params'
      ? {
          kind: 'params',
          host: fields.host,
          port: Number(fields.port),
          database: fields.database,
          user: fields.user,
          sslmode: fields.sslmode,
          sslrootcert: optional(fields.sslrootcert),
        }
      : fields.kind === 'uri'
        ? { kind: 'uri', uri: fields.uri }
        : { kind: 'service', service: fields.service, database: optional(fields.serviceDatabase) };
  const parsed = connectionTargetSchema.safeParse(candidate);
  if (parsed.success) return { target: parsed.data, errors: null };
  const errors: DraftErrors = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '');
    const field = (fields.kind === 'service' && key === 'database' ? 'serviceDatabase' : key) as keyof ProfileDraftFields;
    errors[field] ??= fieldMessage(field, issue.message);
  }
  return { target: null, errors };
}

function fieldMessage(field: keyof ProfileDraftFields, message: string): string {
  if (field === 'port') return 'A port is a number from 1 to 65535.';
  if (field === 'host' || field === 'database' || field === 'user' || field === 'service') return message.startsWith('Too small') ? 'Required.' : message;
  return message;
}

export function nameError(name: string): string | null {
  const parsed = profileNameSchema.safeParse(name);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Invalid name.');
}

/** What profiles.save does with the password: store the typed one, forget the saved one, or keep it. */
export function passwordChange(fields: ProfileDraftFields, profile: ProfileView | null): string | null | undefined {
  if (fields.savePassword && fields.password) return fields.password;
  if (!fields.savePassword && profile?.passwordSaved) return null;
  return undefined;
}
