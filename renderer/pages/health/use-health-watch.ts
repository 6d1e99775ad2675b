import { useEffect, useState, useSyncExternalStore } from 'react';
import { call } from '../../../shared/contract/call';
import type { HealthPoint, HealthSnapshot } from '../../../shared/domain/health';
import { toErrorPayload, type ErrorPayload } from '../../../shared/domain/errors';
import { useBridge } from '../../bridge/bridge-context';

/** The live window of the throughput charts: the "last 15 minutes". */
export const liveWindowMs = 15 * 60_000;
/** Renew the watch this long before its lease ends (a lost renewal leaves time for the next one). */
const renewAheadMs = 20_000;

export interface HealthWatch {
  snapshot: HealthSnapshot | null;
  /** The last 15 minutes of points, oldest first. */
  points: HealthPoint[];
  /** health.watch itself failed (the server being down is in snapshot.poll instead). */
  error: ErrorPayload | null;
  /** This window holds a watch: the page is mounted and the document visible. */
  watching: boolean;
}

function subscribeToVisibility(listener: () => void): () => void {
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}

/** document.visibilityState is 'visible': false for a hidden tab and a minimised window. */
export function useDocumentVisible(): boolean {
  return useSyncExternalStore(subscribeToVisibility, () => document.visibilityState === 'visible');
}

/** Points of the last liveWindowMs before the newest, with `point` appended (server times, so no local clock). */
export function appendPoint(points: readonly HealthPoint[], point: HealthPoint): HealthPoint[] {
  const newest = Date.parse(point.at);
  const kept = points.filter((known) => {
    const age = newest - Date.parse(known.at);
    return age > 0 && age <= liveWindowMs;
  });
  kept.push(point);
  return kept;
}

/**
 * Watches one profile's health while this page is mounted and the document visible, and only then:
 * health.watch on showing (renewed before its lease ends), health.unwatch on hiding or leaving, so
 * the main process polls nothing nobody looks at. Samples arrive as `health.sample` events; nothing
 * here polls by itself.
 */
export function useHealthWatch(profileId: string): HealthWatch {
  const { api, connection } = useBridge();
  const visible = useDocumentVisible();
  const [watcherId] = useState(() => `renderer-${crypto.randomUUID()}`);
  const [snapshot, setSnapshot] = useState<HealthSnapshot | null>(null);
  const [points, setPoints] = useState<HealthPoint[]>([]);
  const [error, setError] = useState<ErrorPayload | null>(null);

  useEffect(() => {
    if (!visible) return;
    let ended = false;
    let renewTimer: ReturnType<typeof setTimeout> | null = null;

    const watch = (readHistory: boolean) => {
      if (renewTimer) clearTimeout(renewTimer);
      call(api, 'health.watch', { profileId, watcherId }).then(
        (lease) => {
          if (ended) return;
          setError(null);
          setSnapshot(lease.snapshot);
          const renewInMs = Math.max(1_000, Date.parse(lease.expiresAt) - Date.now() - renewAheadMs);
          renewTimer = setTimeout(() => watch(false), renewInMs);
        },
        (failure: unknown) => {
          if (ended) return;
          setError(toErrorPayload(failure));
          // The bridge may be down: try again, slowly (never a loop of errors).
          renewTimer = setTimeout(() => watch(readHistory), 10_000);
        },
      );
      if (!readHistory) return;
      call(api, 'health.history', { profileId, range: 'live' }).then(
        (history) => {
          if (ended) return;
          // Samples that arrived while the history was read are newer: keep them after it.
          setPoints((arrived) => arrived.reduce(appendPoint, history.points.slice(-1_000)));
        },
        () => undefined,
      );
    };

    const offSample = api.on('health.sample', (sample) => {
      if (sample.profileId !== profileId) return;
      setSnapshot(sample.snapshot);
      if (sample.point) setPoints((known) => appendPoint(known, sample.point!));
    });
    watch(true);
    // Events sent while the WebSocket was down are lost, and so may the watch be: watch again once it is back.
    const offConnection = connection?.onConnectionChange((next) => {
      if (next === 'open') watch(true);
    });
    return () => {
      ended = true;
      offSample();
      offConnection?.();
      if (renewTimer) clearTimeout(renewTimer);
      call(api, 'health.unwatch', { profileId, watcherId }).catch(() => undefined);
    };
  }, [api, connection, profileId, watcherId, visible]);

  return { snapshot, points, error, watching: visible };
}
