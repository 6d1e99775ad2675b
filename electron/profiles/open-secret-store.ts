import { TidemarkError } from '../../shared/domain/errors';
import { probeOsKeychain, type KeychainProbeOptions } from './keychain-probe';
import { KeyringSecretStore } from './keyring-secret-store';
import { PgpassSecretStore } from './pgpass-secret-store';
import type { SecretKey, SecretStorageInfo, SecretStore } from './secret-store';

export interface OpenSecretStoreOptions {
  /** The Tidemark home: the pgpass file's folder. */
  homeDir: string;
  /** Read for TIDEMARK_SECRET_STORE (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** How the keychain is probed (tests: a private D-Bus, or none). */
  probe?: KeychainProbeOptions;
}

/**
 * The secret store every host uses (the Electron app, the CLI, browser mode, the daemon), so a
 * password saved by one is read by the others: the OS keychain where it works, else the 0600
 * pgpass file in the home. The keychain is probed once, at first use, so a command that needs no
 * secret starts without it. TIDEMARK_SECRET_STORE=pgpass-file skips the keychain on purpose.
 */
export function openSecretStore(options: OpenSecretStoreOptions): ProbedSecretStore {
  return new ProbedSecretStore(() => chooseSecretStore(options));
}

async function chooseSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const pgpass = (reason: string) => new PgpassSecretStore(options.homeDir, reason);
  const asked = (options.env ?? process.env).TIDEMARK_SECRET_STORE;
  if (asked === 'pgpass-file') return pgpass('TIDEMARK_SECRET_STORE=pgpass-file');
  if (asked && asked !== 'auto') {
    throw new TidemarkError('invalid_input', `TIDEMARK_SECRET_STORE=${asked} is not a secret store.`, {
      hint: 'Leave it unset (the OS keychain where there is one, else the pgpass file), or set it to pgpass-file.',
    });
  }
  const probe = await probeOsKeychain(options.probe);
  if (!probe.available) return pgpass(`no OS keychain: ${probe.reason}`);
  return new KeyringSecretStore(new PgpassSecretStore(options.homeDir));
}

/** A store chosen when first used; every call waits for the one choice. */
export class ProbedSecretStore implements SecretStore {
  private chosen: Promise<SecretStore> | undefined;

  constructor(private readonly choose: () => Promise<SecretStore>) {}

  /** The chosen store; call early (at start-up) to probe while other work goes on. */
  ready(): Promise<SecretStore> {
    return (this.chosen ??= this.choose());
  }

  async storage(): Promise<SecretStorageInfo> {
    return (await this.ready()).storage();
  }
  async get(key: SecretKey): Promise<string | undefined> {
    return (await this.ready()).get(key);
  }
  async set(key: SecretKey, value: string): Promise<void> {
    return (await this.ready()).set(key, value);
  }
  async delete(key: SecretKey): Promise<void> {
    return (await this.ready()).delete(key);
  }
}
