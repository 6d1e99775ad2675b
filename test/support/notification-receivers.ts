import { createServer, type IncomingHttpHeaders } from 'node:http';
import { SMTPServer } from 'smtp-server';

// Real receivers on loopback ports for the notification tests: an HTTP server (webhooks,
// heartbeats) and an SMTP server (smtp-server, nodemailer's own test server).

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpReceiver {
  /** http://127.0.0.1:PORT */
  origin: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** What the receiver answers its n-th request (0 first): a status, and a body. */
export type Answer = (n: number, request: ReceivedRequest) => { status: number; body?: string; headers?: Record<string, string> };

/** An HTTP receiver that records every request and answers as `answer` says. */
export async function startHttpReceiver(answer: Answer = () => ({ status: 200 })): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = { method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') };
      const { status, body, headers } = answer(requests.length, request);
      requests.push(request);
      response.writeHead(status, { 'content-type': 'text/plain', ...headers });
      response.end(body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Answers `failures` times with `status`, then 200. */
export function failingFirst(failures: number, status = 500): Answer {
  return (n) => (n < failures ? { status, body: 'upstream unavailable' } : { status: 200, body: 'ok' });
}

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Who logged in, if anyone. */
  user: string | null;
  subject: string;
  /** The text body, quoted-printable decoded. */
  text: string;
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** An SMTP server on loopback (plain, no STARTTLS) that takes mail, with a login when `login` is given. */
export async function startSmtpReceiver(login?: { username: string; password: string }): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: !login,
    logger: false,
    onAuth(auth, _session, callback) {
      if (login && auth.username === login.username && auth.password === login.password) return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: typeof session.user === 'string' ? session.user : null,
          subject: headerOf(raw, 'subject'),
          text: decodeQuotedPrintable(raw.slice(raw.indexOf('\r\n\r\n') + 4)),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function headerOf(raw: string, name: string): string {
  const headers = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(headers)?.[1] ?? '';
}

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}
