import type { AppInfo } from '../../shared/domain/app';

type SecretStorageFacts = Pick<AppInfo, 'secretStorage' | 'secretStorageLocation' | 'secretStorageFallbackReason'>;

/** Where a saved password goes, in a sentence: the profile form and the profile page say the same. */
export function secretStorageSentence(info: SecretStorageFacts): string {
  switch (info.secretStorage) {
    case 'os-keychain':
      return `Kept in ${info.secretStorageLocation}, where the app, the CLI, browser mode and the daemon all find it.`;
    case 'pgpass-file':
      return `Kept in ${info.secretStorageLocation}, a file only you can read (mode 0600, the format psql uses)${info.secretStorageFallbackReason ? `: ${info.secretStorageFallbackReason}` : ''}.`;
    case 'memory':
      return 'Kept only while Tidemark runs: this host has no place to store it.';
  }
}
