import { parseTargetTime, type UtcInstant } from '../../../shared/domain/pitr-time';
import { restorePointNameSchema, type RecoveryTargetInput } from '../../../shared/domain/pitr';
import { parseLsn } from '../../../shared/domain/wal';
import type { RecoverableWindow } from '../../../shared/domain/wal-archive';
import { layoutWindowBar } from '../wal/window-bar-layout';
import { formatInZone, type WallTime } from './zoned-time';

/**
 * A recovery target as the form holds it (every kind's field kept, so switching kinds loses
 * nothing), read into the contract's target once it is complete.
 */
export type TargetKind = RecoveryTargetInput['kind'];

export interface TargetDraft {
  kind: TargetKind;
  /** The picker's reading, "YYYY-MM-DD HH:mm:ss", in `timeZone`. */
  wallTime: WallTime | null;
  timeZone: string;
  lsn: string;
  xid: string;
  name: string;
  /** Stop just after the target (on) or just before it (off): time, LSN and xid targets. */
  inclusive: boolean;
}

export function emptyTargetDraft(timeZone: string): TargetDraft {
  return { kind: 'time', wallTime: null, timeZone, lsn: '', xid: '', name: '', inclusive: true };
}

export type TargetReading =
  | { state: 'ready'; target: RecoveryTargetInput; inclusive: boolean; utc: UtcInstant | null; interpretedAs: string | null }
  /** Nothing typed yet: no message, the form waits. */
  | { state: 'incomplete' }
  | { state: 'invalid'; message: string };

export function readTarget(draft: TargetDraft): TargetReading {
  switch (draft.kind) {
    case 'time': {
      if (!draft.wallTime) return { state: 'incomplete' };
      const parsed = parseTargetTime(draft.wallTime, draft.timeZone);
      if (!parsed.ok) return { state: 'invalid', message: parsed.message };
      // The contract takes an instant with its offset: the UTC spelling, never a naive wall time.
      return { state: 'ready', target: { kind: 'time', at: parsed.utc }, inclusive: draft.inclusive, utc: parsed.utc, interpretedAs: parsed.interpretedAs };
    }
    case 'lsn': {
      if (!draft.lsn.trim()) return { state: 'incomplete' };
      if (!parseLsn(draft.lsn))
        return { state: 'invalid', message: 'An LSN is two hexadecimal numbers separated by a slash, as pg_current_wal_lsn() shows it: 0/3000028.' };
      return { state: 'ready', target: { kind: 'lsn', lsn: draft.lsn.trim() }, inclusive: draft.inclusive, utc: null, interpretedAs: null };
    }
    case 'xid': {
      const text = draft.xid.trim();
      if (!text) return { state: 'incomplete' };
      const xid = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(xid) || xid < 3) {
        return { state: 'invalid', message: 'A transaction id is a whole number of 3 or more, as txid_current() or pg_waldump show it.' };
      }
      return { state: 'ready', target: { kind: 'xid', xid }, inclusive: draft.inclusive, utc: null, interpretedAs: null };
    }
    case 'name': {
      if (!draft.name) return { state: 'incomplete' };
      const checked = restorePointNameSchema.safeParse(draft.name);
      if (!checked.success)
        return {
          state: 'invalid',
          message: `A restore point name ${checked.error.issues[0]?.message.replace(/^a restore point name /, '') ?? 'is not valid'}.`,
        };
      return { state: 'ready', target: { kind: 'name', name: draft.name }, inclusive: true, utc: null, interpretedAs: null };
    }
    case 'latest':
      return { state: 'ready', target: { kind: 'latest' }, inclusive: true, utc: null, interpretedAs: null };
    case 'immediate':
      return { state: 'ready', target: { kind: 'immediate' }, inclusive: true, utc: null, interpretedAs: null };
  }
}

export type WindowVerdict = { reachable: true; timeline: number } | { reachable: false; why: string };

/**
 * Whether the archive can reach an instant, and if not, why in words: before the earliest base
 * backup's end, after the last archived commit, or inside a gap. The plan has the last word; this
 * answers while the user is still turning the picker.
 */
export function windowVerdict(window: RecoverableWindow, utcIso: string, timeZone: string): WindowVerdict {
  const atMs = Date.parse(utcIso);
  const stretches = layoutWindowBar(window)
    .rows.flatMap((row) => row.intervals)
    .sort((a, b) => a.fromMs - b.fromMs);
  const when = (ms: number) => formatInZone(new Date(ms).toISOString(), timeZone);
  if (stretches.length === 0) {
    return { reachable: false, why: 'The archive has no recoverable window yet: it needs a complete base backup and the WAL archived after it.' };
  }
  const inside = stretches.find((stretch) => atMs > stretch.fromMs && atMs <= stretch.toMs);
  if (inside) return { reachable: true, timeline: inside.interval.timeline };

  const earliest = stretches[0]!;
  const latest = stretches.reduce((a, b) => (b.toMs > a.toMs ? b : a));
  if (atMs <= earliest.fromMs) {
    return {
      reachable: false,
      why: `It is not after ${when(earliest.fromMs)}, when the earliest usable base backup ended. Recovery starts from a base backup and must replay WAL up to that backup's end before the data is consistent, so no earlier moment can be recovered.`,
    };
  }
  if (atMs > latest.toMs) {
    return {
      reachable: false,
      why: `It is after the last commit in the archive, ${when(latest.toMs)}. Later changes are not archived yet: they may still be in the server's current WAL segment (a WAL switch or archive_timeout sends it), or archiving has stopped.`,
    };
  }
  const before = stretches.filter((stretch) => stretch.toMs < atMs).reduce((a, b) => (b.toMs > a.toMs ? b : a));
  const after = stretches.find((stretch) => stretch.fromMs >= atMs);
  const cut =
    before.interval.endsAt === 'gap'
      ? `segment ${before.interval.nextMissing ?? '?'} is missing from the archive`
      : before.interval.endsAt === 'truncated-segment'
        ? `segment ${before.interval.nextMissing ?? '?'} is cut short in the archive`
        : 'the archive has no WAL for it';
  return {
    reachable: false,
    why: `It falls in a hole in the window: ${cut}, so replay cannot get past ${when(before.toMs)}${after ? `, and the next reachable moment is after ${when(after.fromMs)} (from a later base backup)` : ''}.`,
  };
}
