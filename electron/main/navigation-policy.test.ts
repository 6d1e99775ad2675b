import { describe, expect, it } from 'vitest';
import { appEntryUrl, isAppUrl } from './app-origin';
import { describeUrlForLog, isAllowedNavigation, isOpenableExternally } from './navigation-policy';

describe('a window may navigate only to our own pages', () => {
  it.each([appEntryUrl, 'app://tidemark/', 'app://tidemark/index.html#/profiles', 'app://TIDEMARK/index.html?x=1'])('allows %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://tidemark.evil.com/',
    'app://tidemark:8080/',
    'app://user:pass@tidemark/',
    'apps://tidemark/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'not a url',
    '',
  ])('blocks %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('only https links leave the app for the browser', () => {
  it.each(['https://www.postgresql.org/docs/current/backup.html', 'https://github.com/'])('opens %s', (url) => {
    expect(isOpenableExternally(url)).toBe(true);
  });

  it.each([
    'http://example.com/',
    'file:///C:/Windows/System32/calc.exe',
    'smb://attacker/share',
    'ms-msdt:/id PCWDiagnostic',
    'postgres://user:secret@db/prod',
    'https://user:secret@example.com/',
    'javascript:alert(1)',
    appEntryUrl,
    'not a url',
  ])('refuses %s', (url) => {
    expect(isOpenableExternally(url)).toBe(false);
  });

  it('logs a refused URL by its scheme only, never its credentials', () => {
    const logged = describeUrlForLog('postgres://admin:hunter2@db.internal/prod');
    expect(logged).toBe('a postgres: URL');
    expect(logged).not.toContain('hunter2');
    expect(describeUrlForLog('::')).toBe('an unparseable URL');
  });
});
