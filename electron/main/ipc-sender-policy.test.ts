import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './ipc-sender-policy';

describe('requests are served only to the main frame of our own page', () => {
  it('trusts the main frame of app://tidemark', () => {
    expect(isTrustedSender({ url: 'app://tidemark/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://tidemark/index.html#/jobs/42', isMainFrame: true })).toBe(true);
  });

  it('refuses an iframe, even one of ours', () => {
    expect(isTrustedSender({ url: 'app://tidemark/index.html', isMainFrame: false })).toBe(false);
  });

  it('refuses any other origin', () => {
    for (const url of [
      'https://example.com/',
      'file:///tmp/index.html',
      'app://other/index.html',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      expect(isTrustedSender({ url, isMainFrame: true })).toBe(false);
    }
  });

  it('refuses a frame that is already gone', () => {
    expect(isTrustedSender(null)).toBe(false);
  });
});
