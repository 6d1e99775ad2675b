import type { BlockingNode, LocksData, SessionSummary } from '../../shared/domain/health';
import type { RawLockParticipant } from './raw-tick';

/**
 * Who blocks whom, from pg_blocking_pids: each waiting session under the sessions that block it.
 * A root blocks others and waits for no one; sessions that wait only on each other (a deadlock
 * the detector has not broken yet, deadlock_timeout) have no such root, so the lowest pid of
 * each cycle is shown as its root and `cycle` is set. A session blocked by two others appears
 * under the first (lowest pid) and lists both in `blockedBy`.
 */
export function blockingTree(participants: RawLockParticipant[], toSession: (raw: RawLockParticipant) => SessionSummary): LocksData {
  const byPid = new Map(participants.map((p) => [p.pid, p]));
  const parentOf = new Map<number, number>();
  for (const p of participants) {
    const blockers = p.blockedBy.filter((pid) => byPid.has(pid)).sort((a, b) => a - b);
    if (blockers.length > 0) parentOf.set(p.pid, blockers[0]!);
  }
  const childrenOf = new Map<number, number[]>();
  for (const [child, parent] of parentOf) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), child]);

  const rootPids = participants.filter((p) => !parentOf.has(p.pid) && childrenOf.has(p.pid)).map((p) => p.pid);
  // Every waiting session must hang under a root; those left over sit in a cycle.
  const reached = new Set<number>();
  const visit = (pid: number) => {
    if (reached.has(pid)) return;
    reached.add(pid);
    for (const child of childrenOf.get(pid) ?? []) visit(child);
  };
  rootPids.forEach(visit);
  let cycle = false;
  for (const pid of [...parentOf.keys()].sort((a, b) => a - b)) {
    if (reached.has(pid)) continue;
    cycle = true;
    rootPids.push(pid);
    parentOf.delete(pid);
    visit(pid);
  }

  const build = (pid: number, path: Set<number>): BlockingNode => {
    const raw = byPid.get(pid)!;
    const waiting = raw.lockMode !== null && raw.lockType !== null;
    const next = new Set(path).add(pid);
    return {
      session: toSession(raw),
      waitingFor: waiting ? { lockType: raw.lockType!, mode: raw.lockMode!, relation: raw.relation } : null,
      waitMs: waiting ? raw.waitMs : null,
      blockedBy: [...raw.blockedBy].sort((a, b) => a - b),
      children: (childrenOf.get(pid) ?? [])
        .filter((child) => !next.has(child) && parentOf.get(child) === pid)
        .sort((a, b) => a - b)
        .map((child) => build(child, next)),
    };
  };
  const waits = participants.flatMap((p) => (p.blockedBy.length > 0 && p.waitMs !== null ? [p.waitMs] : []));
  return {
    roots: rootPids.map((pid) => build(pid, new Set())),
    blockedSessions: participants.filter((p) => p.blockedBy.length > 0).length,
    longestWaitMs: waits.length ? Math.max(...waits) : null,
    cycle,
  };
}
