import { useSyncExternalStore } from 'react';

/**
 * The app's places, kept in the URL's hash: it works under Electron's app:// protocol and in
 * browser mode alike, and leaves the query (browser mode's token) alone.
 */
export type Route =
  | { page: 'overview' }
  | { page: 'connections' }
  | { page: 'new-connection' }
  | { page: 'connection'; profileId: string }
  | { page: 'edit-connection'; profileId: string }
  | { page: 'recovery'; profileId?: string }
  | { page: 'clusters' }
  | { page: 'tools' };

export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '#/';
    case 'connections':
      return '#/connections';
    case 'new-connection':
      return '#/connections/new';
    case 'connection':
      return `#/connections/${encodeURIComponent(route.profileId)}`;
    case 'edit-connection':
      return `#/connections/${encodeURIComponent(route.profileId)}/edit`;
    case 'recovery':
      return route.profileId ? `#/recovery/${encodeURIComponent(route.profileId)}` : '#/recovery';
    case 'clusters':
      return '#/clusters';
    case 'tools':
      return '#/tools';
  }
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (first === 'connections') {
    if (!second) return { page: 'connections' };
    if (second === 'new') return { page: 'new-connection' };
    return third === 'edit' ? { page: 'edit-connection', profileId: second } : { page: 'connection', profileId: second };
  }
  if (first === 'recovery') return second ? { page: 'recovery', profileId: second } : { page: 'recovery' };
  if (first === 'clusters') return { page: 'clusters' };
  if (first === 'tools') return { page: 'tools' };
  return { page: 'overview' };
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}
