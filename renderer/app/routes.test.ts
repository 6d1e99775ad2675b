import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, type Route } from './routes';

describe('routes', () => {
  const routes: Route[] = [
    { page: 'overview' },
    { page: 'connections' },
    { page: 'new-connection' },
    { page: 'connection', profileId: 'a1/b 2' },
    { page: 'edit-connection', profileId: 'x' },
    { page: 'tools' },
  ];

  it.each(routes)('reads back what hrefFor wrote: %o', (route) => {
    expect(parseRoute(hrefFor(route))).toEqual(route);
  });

  it('falls back to the overview for an unknown or empty hash', () => {
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('#/no/such/page')).toEqual({ page: 'overview' });
  });
});
