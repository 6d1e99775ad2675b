import type { Capability, Readiness, ServerFacts } from '../../shared/domain/server';
import { quoteIdentifierIfNeeded } from '../../shared/domain/sql-identifier';

/**
 * What the server and the role allow, from facts alone (a pure function, so every rule is unit
 * tested). Each missing item says what is wrong and what to do, the way a DBA would write it.
 */
export function assessReadiness(facts: ServerFacts): Readiness {
  const logicalBackup = logical(facts);
  const physicalBackup = physical(facts);
  return { logicalBackup, physicalBackup, pointInTimeRecovery: pointInTime(facts, physicalBackup) };
}

function capability(missing: string[], notes: string[] = []): Capability {
  return { ready: missing.length === 0, missing, notes };
}

function logical(facts: ServerFacts): Capability {
  const { role, unreadableRelations } = facts;
  if (role.superuser) return capability([]);
  const notes = ['pg_dumpall --globals-only (roles and their passwords) needs a superuser; single databases do not.'];
  if (role.readAllData) return capability([], notes);
  if (unreadableRelations.count === 0) {
    notes.unshift(
      `Role ${role.name} can read every table of ${facts.currentDatabase} today, but it is not a member of pg_read_all_data, so tables added later may be unreadable.`,
    );
    return capability([], notes);
  }
  const examples = unreadableRelations.examples.join(', ');
  const more = unreadableRelations.count > unreadableRelations.examples.length ? ', …' : '';
  const grant =
    facts.majorVersion >= 14
      ? `GRANT pg_read_all_data TO ${quoteIdentifierIfNeeded(role.name)}, or GRANT SELECT on them`
      : `GRANT USAGE on their schemas and SELECT on them to ${quoteIdentifierIfNeeded(role.name)}`;
  return capability(
    [
      `Role ${role.name} cannot read ${unreadableRelations.count === 1 ? '1 table or sequence' : `${unreadableRelations.count} tables or sequences`} of ${facts.currentDatabase} (${examples}${more}), so pg_dump would fail: ${grant}, or connect as their owner or a superuser.`,
    ],
    notes,
  );
}

function physical(facts: ServerFacts): Capability {
  const missing: string[] = [];
  const notes: string[] = [];
  if (facts.walLevel === 'minimal') {
    missing.push('wal_level is minimal: set wal_level = replica in postgresql.conf and restart the server.');
  }
  if (facts.maxWalSenders === 0) {
    missing.push('max_wal_senders is 0: set max_wal_senders = 10 (pg_basebackup needs two when it streams WAL) and restart the server.');
  } else if (facts.maxWalSenders === 1) {
    notes.push('max_wal_senders is 1: pg_basebackup cannot stream WAL alongside the copy (it needs two); set it to at least 2 and restart.');
  }
  if (!facts.role.superuser && !facts.role.replication) {
    missing.push(
      `Role ${facts.role.name} has no REPLICATION attribute: ALTER ROLE ${quoteIdentifierIfNeeded(facts.role.name)} REPLICATION, or connect as a role that has it.`,
    );
  }
  notes.push('pg_hba.conf must also allow a replication connection for this role from this machine; that cannot be checked until a backup runs.');
  if (facts.inRecovery) notes.push('This server is a standby: a base backup taken here is valid, and its WAL comes from the primary.');
  return capability(missing, notes);
}

function pointInTime(facts: ServerFacts, physicalBackup: Capability): Capability {
  const missing: string[] = [];
  const notes: string[] = [];
  if (!physicalBackup.ready) missing.push('Point-in-time recovery starts from a base backup, and physical backups are not ready (see above).');
  if (facts.walLevel === 'minimal') {
    // Already in physical's list; archiving is impossible with it too, which is worth saying once here.
    missing.push('wal_level is minimal, so WAL cannot be archived: set wal_level = replica and restart.');
  }
  const archiving = facts.archiveMode === 'always' || (facts.archiveMode === 'on' && !facts.inRecovery);
  if (facts.archiveMode === 'off' || facts.archiveMode === 'unknown') {
    missing.push('archive_mode is off: set archive_mode = on (and an archive_command or archive_library) in postgresql.conf and restart the server.');
  } else if (!archiving) {
    missing.push(
      'This server is a standby with archive_mode = on, which archives only on a primary: set archive_mode = always to archive here, or archive on the primary.',
    );
  }
  if (facts.archiveMode !== 'off') {
    const command = facts.archiveCommand?.trim() ?? null;
    const library = facts.archiveLibrary?.trim() ?? null;
    if (command === null && !library) {
      notes.push(
        `archive_command is hidden from role ${facts.role.name} (it needs superuser or pg_read_all_settings), so whether WAL is archived cannot be checked.`,
      );
    } else if (!command && !library) {
      missing.push('archive_mode is on but neither archive_command nor archive_library is set, so WAL piles up in pg_wal: set one and reload the server.');
    }
  }
  if (facts.archiveTimeoutSeconds === 0) {
    notes.push(
      'archive_timeout is 0: on a quiet server the newest changes can wait a long time before their WAL segment is archived; 60s is a common setting.',
    );
  }
  return capability(missing, notes);
}
