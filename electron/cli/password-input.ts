import { TidemarkError } from '../../shared/domain/errors';

/**
 * A password from standard input (`--password-stdin`), never from argv where `ps` and shell
 * history would show it. Piped: all of stdin, less one trailing newline. A terminal: one line,
 * not echoed.
 */
export async function readPasswordFromStdin(
  prompt = 'Password: ',
  what = { name: 'password', example: 'printf %s "$PW" | tidemark profile add …' },
): Promise<string> {
  const stdin = process.stdin;
  const password = stdin.isTTY ? await readHiddenLine(prompt) : (await readAll(stdin)).replace(/\r?\n$/, '');
  if (!password) throw new TidemarkError('invalid_input', `No ${what.name} arrived on standard input.`, { hint: `Pipe it in, e.g. ${what.example}` });
  return password;
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function readHiddenLine(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new TidemarkError('cancelled', 'Cancelled.'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
