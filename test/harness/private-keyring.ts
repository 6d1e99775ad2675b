import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A real Secret Service for tests: a private D-Bus session bus (its own socket, no service
 * activation) with gnome-keyring-daemon on it, its login keyring created and unlocked in a
 * temporary folder. Nothing of the developer's own session or keyring is touched.
 */
export interface PrivateKeyring {
  /** DBUS_SESSION_BUS_ADDRESS of the private bus. */
  address: string;
  stop(): Promise<void>;
}

const programs = ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon'];

/** Why a private keyring cannot run here (a program missing, not Linux), or null when it can. */
export function privateKeyringUnavailable(): string | null {
  if (process.platform !== 'linux') return 'gnome-keyring on a private D-Bus is how the keychain is tested on Linux';
  const path = (process.env.PATH ?? '').split(delimiter).concat('/usr/bin', '/usr/sbin');
  const missing = programs.filter((program) => !path.some((dir) => existsSync(join(dir, program))));
  return missing.length ? `${missing.join(', ')} not installed (apt-get install dbus-daemon dbus-bin gnome-keyring; .ci/run does)` : null;
}

export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const dir = await mkdtemp(join(tmpdir(), 'tidemark-keyring-'));
  const runtimeDir = join(dir, 'run');
  await mkdir(runtimeDir, { mode: 0o700 });
  const config = join(dir, 'bus.conf');
  // No <servicedir>: nothing is started on demand (an un-unlocked second keyring daemon, a prompter).
  await writeFile(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${join(dir, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const bus = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(bus);
    const address = await firstLine(bus, 5_000);
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, XDG_RUNTIME_DIR: runtimeDir, XDG_DATA_HOME: join(dir, 'data'), HOME: dir },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    children.push(keyring);
    // --unlock reads the login keyring's password from stdin (and creates that keyring).
    keyring.stdin!.end('test-keyring-password');
    await untilSecretServiceOwned(address, keyring, 10_000);
    return { address, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`dbus-daemon printed no address within ${timeoutMs} ms`)), timeoutMs);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(text.split('\n')[0]!.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited (${code}) before printing its address`));
    });
  });
}

async function untilSecretServiceOwned(address: string, keyring: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited with ${keyring.exitCode}`);
    const answer = spawnSync(
      'dbus-send',
      [
        `--bus=${address}`,
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        'string:org.freedesktop.secrets',
      ],
      { encoding: 'utf8', timeout: 2_000 },
    );
    if (/boolean true/.test(answer.stdout ?? '')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gnome-keyring-daemon did not take org.freedesktop.secrets on the private bus within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
