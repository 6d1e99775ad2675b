import type { Writable } from 'node:stream';
import type { Options, ResultPromise } from 'execa';
import { TidemarkError } from '../../shared/domain/errors';
import { childReaper } from './child-reaper';

export interface RunToolOptions {
  /** Extra environment for the child (PGPASSFILE of a password file, never a password in argv). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  signal?: AbortSignal;
  /** Called with each complete line of stderr / stdout as it arrives. */
  onStderrLine?: (line: string) => void;
  onStdoutLine?: (line: string) => void;
  /** Collect stdout into the result (off for tools whose stdout is a dump). */
  captureStdout?: boolean;
  timeoutMs?: number;
  /** Write this to the child's stdin. */
  input?: string;
  /**
   * Run the tool as its own process group and signal the whole group on cancel. pg_basebackup
   * forks a WAL receiver that outlives a signalled parent and keeps its pipes open.
   */
  processGroup?: boolean;
}

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of PostgreSQL's tools with an argument array (never through a shell), streams its
 * output line by line, and maps a non-zero exit to a 'tool_failed' error carrying stderr's tail.
 */
export async function runTool(toolPath: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolResult> {
  const { execa } = await loadExeca();
  const child: ResultPromise = execa(toolPath, args, {
    env: { ...options.env, PGCONNECT_TIMEOUT: options.env?.PGCONNECT_TIMEOUT ?? '10' },
    extendEnv: true,
    cwd: options.cwd,
    cancelSignal: options.processGroup ? undefined : options.signal,
    detached: options.processGroup ?? false,
    // SIGTERM first so pg tools clean up (pg_basebackup removes a partial target); SIGKILL later.
    forceKillAfterDelay: 5_000,
    timeout: options.timeoutMs,
    reject: false,
    stripFinalNewline: false,
    input: options.input,
    stdin: options.input === undefined ? 'ignore' : 'pipe',
    buffer: { stdout: options.captureStdout ?? true, stderr: true },
    lines: false,
  });

  const stderrTail: string[] = [];
  splitLines(child.stderr, (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 50) stderrTail.shift();
    options.onStderrLine?.(line);
  });
  if (options.onStdoutLine) splitLines(child.stdout, options.onStdoutLine);
  const stopGroup = options.processGroup ? signalGroupOnAbort(child.pid, options.signal) : () => undefined;
  const unregister = childReaper.register(child.pid, { group: options.processGroup });

  const result = await child.finally(() => {
    stopGroup();
    unregister();
  });
  if (result.isCanceled || options.signal?.aborted) {
    throw new TidemarkError('cancelled', `${toolName(toolPath)} was cancelled.`);
  }
  if (result.timedOut) {
    throw new TidemarkError('tool_failed', `${toolName(toolPath)} did not finish within ${options.timeoutMs} ms.`);
  }
  const exitCode = result.exitCode ?? -1;
  if (exitCode !== 0) {
    const reason =
      stderrTail
        .filter((line) => line.trim())
        .slice(-5)
        .join('\n') || (result.signal ? `killed by ${result.signal}` : `exit code ${exitCode}`);
    throw new TidemarkError('tool_failed', `${toolName(toolPath)} failed: ${reason}`, {
      details: { tool: toolPath, exitCode },
    });
  }
  return { exitCode, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/** What a program did, for callers that decide themselves what its exit means. */
export interface ProgramOutcome {
  /** undefined when it did not start or was killed. */
  exitCode: number | undefined;
  /** '' when stdout was ignored. */
  stdout: string;
  stderr: string;
  /** The program is not installed (starting it failed with ENOENT). */
  notFound: boolean;
  /** It was stopped because it ran longer than timeoutMs. */
  timedOut: boolean;
}

export interface RunProgramOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Extra environment for the child, on top of ours. */
  env?: Record<string, string | undefined>;
  /** SIGKILL this long after the SIGTERM of a cancel or timeout (default 5 s). */
  forceKillAfterMs?: number;
  /** Default 'pipe'; startProgram hands the pipe to the caller. */
  stdin?: 'pipe' | 'ignore';
  /** Default 'pipe' (collected into the outcome). */
  stdout?: 'pipe' | 'ignore';
}

/**
 * Runs a program that is not one of PostgreSQL's tools, or one whose non-zero exit is an answer
 * (pg_ctl status says 3 for "not running"), with an argument array (never through a shell).
 * Unlike runTool it never throws for the exit: the caller reads the outcome.
 */
export async function runProgram(path: string, args: readonly string[], options: RunProgramOptions = {}): Promise<ProgramOutcome> {
  return (await startProgram(path, args, options)).outcome;
}

/** runProgram for a child the caller feeds: its stdin (with stdin 'pipe') and its outcome. */
export async function startProgram(
  path: string,
  args: readonly string[],
  options: RunProgramOptions = {},
): Promise<{ stdin: Writable | null; outcome: Promise<ProgramOutcome> }> {
  const { execa } = await loadExeca();
  const execaOptions: Options = {
    reject: false,
    cancelSignal: options.signal,
    timeout: options.timeoutMs,
    env: options.env,
    forceKillAfterDelay: options.forceKillAfterMs,
    stdin: options.stdin,
    stdout: options.stdout,
    stderr: 'pipe',
  };
  const child = execa(path, args, execaOptions);
  const unregister = childReaper.register(child.pid);
  const outcome = child.finally(unregister).then((result) => ({
    exitCode: result.exitCode,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    // A PATH entry the user may not read (root's folders under runuser) makes a missing program fail with EACCES, not ENOENT.
    notFound: result.failed && result.exitCode === undefined && (result.code === 'ENOENT' || result.code === 'EACCES'),
    timedOut: result.timedOut,
  }));
  return { stdin: child.stdin, outcome };
}

let execaModule: Promise<typeof import('execa')> | undefined;
/** execa, loaded with the first program run: commands that run none (tidemark --help, backups list) start faster. */
function loadExeca(): Promise<typeof import('execa')> {
  execaModule ??= import('execa');
  return execaModule;
}

/** SIGTERM to the child's process group on abort, SIGKILL 5 s later; returns the cleanup. */
function signalGroupOnAbort(pid: number | undefined, signal: AbortSignal | undefined): () => void {
  if (!pid || !signal) return () => undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const send = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // The group is gone already.
    }
  };
  const onAbort = () => {
    send('SIGTERM');
    killTimer = setTimeout(() => send('SIGKILL'), 5_000);
    killTimer.unref();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal.removeEventListener('abort', onAbort);
    if (killTimer) clearTimeout(killTimer);
  };
}

function toolName(toolPath: string): string {
  return toolPath.split(/[\\/]/).pop() ?? toolPath;
}

function splitLines(stream: NodeJS.ReadableStream | null | undefined, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    // pg_basebackup -P ends its progress lines with \r, not \n.
    const parts = pending.split(/\r\n|\n|\r/);
    pending = parts.pop() ?? '';
    for (const part of parts) if (part.length > 0) onLine(part);
  });
  stream.on('end', () => {
    if (pending.length > 0) onLine(pending);
  });
}
