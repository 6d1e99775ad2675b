import { createRequire } from 'node:module';
import { runProgram } from '../pgtools/run-tool';
import { keychainEntryOptions, keychainLocation, keychainService } from './keyring-secret-store';

/** Whether the OS keychain can keep Tidemark's secrets here, and if not why. */
export type KeychainProbe = { available: true } | { available: false; reason: string };

export interface KeychainProbeOptions {
  /** A keychain that has not answered by then counts as absent (default 3 s). */
  timeoutMs?: number;
  /** Extra environment for the probe (tests point DBUS_SESSION_BUS_ADDRESS elsewhere). */
  env?: Record<string, string | undefined>;
}

// Writes, reads back and deletes one entry of its own, in a child process: where the session bus
// accepts a connection and never answers, the native module blocks its thread for good, and only
// a separate process can be given up on. Plain CommonJS for `node -e` (or Electron as Node).
const probeScript = `
const [modulePath, service, account, options] = process.argv.slice(1);
try {
  const { Entry } = require(modulePath);
  const entry = new Entry(service, account, JSON.parse(options));
  const value = require('node:crypto').randomBytes(16).toString('hex');
  entry.setPassword(value);
  const readBack = entry.getPassword();
  entry.deleteCredential();
  if (readBack !== value) throw new Error('the keychain gave back a different value than it was given');
} catch (error) {
  process.stderr.write(String(error && error.message ? error.message : error));
  process.exit(2);
}
`;

/**
 * Asks the OS keychain once whether it works: macOS Keychain and Windows Credential Manager
 * always should; on Linux it needs a Secret Service (GNOME Keyring, KWallet) on the D-Bus session
 * bus, which a headless server usually lacks. Never hangs: a keychain silent for timeoutMs is absent.
 */
export async function probeOsKeychain(options: KeychainProbeOptions = {}): Promise<KeychainProbe> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  let modulePath: string;
  try {
    modulePath = createRequire(import.meta.url).resolve('@napi-rs/keyring');
  } catch (error) {
    return { available: false, reason: `the keychain module (@napi-rs/keyring) is not installed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const outcome = await runProgram(
    process.execPath,
    ['-e', probeScript, modulePath, keychainService, `probe:${process.pid}`, JSON.stringify(keychainEntryOptions)],
    // Electron's binary runs the script as plain Node with ELECTRON_RUN_AS_NODE; Node ignores it.
    { timeoutMs, forceKillAfterMs: 500, stdin: 'ignore', stdout: 'ignore', env: { ELECTRON_RUN_AS_NODE: '1', ...options.env } },
  );
  if (outcome.exitCode === 0) return { available: true };
  const where = keychainLocation();
  if (outcome.timedOut) return { available: false, reason: `${where} did not answer within ${timeoutMs} ms` };
  const said = outcome.stderr.trim().split('\n').pop()?.slice(0, 300);
  return {
    available: false,
    reason: `${where} is not available: ${said || (outcome.notFound ? 'the probe could not start' : `the probe exited with ${outcome.exitCode ?? 'a signal'}`)}`,
  };
}
