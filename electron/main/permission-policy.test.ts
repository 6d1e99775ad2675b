import { describe, expect, it } from 'vitest';
import { isPermissionGranted } from './permission-policy';

describe('pages get no web permissions beyond writing the clipboard', () => {
  it('lets our own pages write the clipboard (copy buttons)', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://tidemark/index.html')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://tidemark')).toBe(true);
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'fullscreen', 'unknown'])(
    'denies %s',
    (permission) => {
      expect(isPermissionGranted(permission, 'app://tidemark/index.html')).toBe(false);
    },
  );

  it('denies even the clipboard to any other origin', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://example.com')).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write', '')).toBe(false);
  });
});
