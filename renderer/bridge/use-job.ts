import { useEffect, useReducer } from 'react';
import { call } from '../../shared/contract/call';
import { isJobOf, type AnyJobSnapshot, type JobKind, type JobSnapshotOf } from '../../shared/contract/jobs';
import { isFinished, type JobLogLine } from '../../shared/domain/job';
import { toErrorPayload, type ErrorPayload } from '../../shared/domain/errors';
import { useBridge } from './bridge-context';

export interface FollowedJob<K extends JobKind> {
  /** Typed by kind: a running job's progress and a finished one's result need no cast. */
  snapshot: JobSnapshotOf<K> | null;
  /** Every log line so far, in order, without duplicates. */
  logs: JobLogLine[];
  /** Reading the job failed (not the job itself: that is in snapshot.state). */
  error: ErrorPayload | null;
}

type Action =
  | { type: 'snapshot'; jobId: string; snapshot: AnyJobSnapshot }
  | { type: 'logs'; jobId: string; lines: JobLogLine[] }
  | { type: 'error'; jobId: string; error: ErrorPayload };

interface State {
  jobId: string | null;
  snapshot: AnyJobSnapshot | null;
  logs: JobLogLine[];
  error: ErrorPayload | null;
}

const empty: State = { jobId: null, snapshot: null, logs: [], error: null };

function reduce(current: State, action: Action): State {
  const state = current.jobId === action.jobId ? current : { ...empty, jobId: action.jobId };
  switch (action.type) {
    case 'snapshot':
      // A finished job never goes back to running, whichever of the fetch and the event came last.
      if (state.snapshot && isFinished(state.snapshot.state) && !isFinished(action.snapshot.state)) return state;
      return { ...state, snapshot: action.snapshot, error: null };
    case 'logs':
      return { ...state, logs: mergeLogs(state.logs, action.lines) };
    case 'error':
      return { ...state, error: action.error };
  }
}

function mergeLogs(known: JobLogLine[], incoming: JobLogLine[]): JobLogLine[] {
  // The usual case, events in order after what is known: append without re-sorting.
  if (followsInOrder(known, incoming)) return [...known, ...incoming];
  const bySeq = new Map(known.map((line) => [line.seq, line]));
  for (const line of incoming) bySeq.set(line.seq, line);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function followsInOrder(known: JobLogLine[], incoming: JobLogLine[]): boolean {
  let previousSeq = known.at(-1)?.seq ?? 0;
  for (const line of incoming) {
    if (line.seq <= previousSeq) return false;
    previousSeq = line.seq;
  }
  return true;
}

// Log lines can arrive by the hundred per second (pg_dump --verbose): render them in batches.
const logFlushMs = 100;

/**
 * Follows one job of the kind (or one of the kinds) named: its state and log from the events, plus
 * jobs.get / jobs.logs so a window opened late (or reconnected) sees everything that happened
 * before it looked. A job of another kind is an error, not a mistyped result.
 */
export function useJob<K extends JobKind>(kinds: K | readonly K[], jobId: string | null): FollowedJob<K> {
  const { api, connection } = useBridge();
  const [state, dispatch] = useReducer(reduce, empty);

  useEffect(() => {
    if (!jobId) return;
    let buffered: JobLogLine[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      flushTimer = null;
      if (buffered.length) dispatch({ type: 'logs', jobId, lines: buffered });
      buffered = [];
    };
    const offState = api.on('job.state', (snapshot) => {
      if (snapshot.id === jobId) dispatch({ type: 'snapshot', jobId, snapshot });
    });
    const offLog = api.on('job.log', (line) => {
      if (line.jobId !== jobId) return;
      buffered.push(line);
      flushTimer ??= setTimeout(flush, logFlushMs);
    });
    const catchUp = () => {
      call(api, 'jobs.get', { jobId }).then(
        (snapshot) => dispatch({ type: 'snapshot', jobId, snapshot }),
        (error: unknown) => dispatch({ type: 'error', jobId, error: toErrorPayload(error) }),
      );
      call(api, 'jobs.logs', { jobId }).then(
        (lines) => dispatch({ type: 'logs', jobId, lines }),
        () => undefined,
      );
    };
    catchUp();
    // Events sent while the WebSocket was down are lost: read the job again once it is back.
    const offConnection = connection?.onConnectionChange((next) => {
      if (next === 'open') catchUp();
    });
    return () => {
      offState();
      offLog();
      offConnection?.();
      if (flushTimer) clearTimeout(flushTimer);
    };
  }, [api, connection, jobId]);

  const current = state.jobId === jobId ? state : empty;
  return typedByKind(current, kinds);
}

function typedByKind<K extends JobKind>(state: State, kinds: K | readonly K[]): FollowedJob<K> {
  const { snapshot, logs, error } = state;
  if (!snapshot || isJobOf(snapshot, kinds)) return { snapshot, logs, error };
  const expected = typeof kinds === 'string' ? kinds : kinds.join(' or ');
  return { snapshot: null, logs, error: error ?? { code: 'invalid_input', message: `Job ${snapshot.id} is a ${snapshot.kind} job, not ${expected}.` } };
}
