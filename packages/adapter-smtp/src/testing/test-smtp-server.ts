import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseTextMail } from './mime-text.js';

export interface ReceivedMail {
  /** The envelope's recipients. */
  readonly to: readonly string[];
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly raw: string;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>` — plain SMTP, no authentication. */
  readonly url: string;
  /** Every mail received, in order. */
  readonly received: readonly ReceivedMail[];
  /** The first mail (from now on or already received) that `match` accepts. */
  waitForMail(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free loopback port (smtp-server, the counterpart of nodemailer), which
 * keeps what it receives: the SMTP adapter's tests and the app's end-to-end tests send through it.
 */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { headers, text } = parseTextMail(raw);
        const from = session.envelope.mailFrom;
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: from ? from.address : '',
          subject: headers.get('subject') ?? '',
          text,
          raw,
        });
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const address = server.server.address();
  const port = address && typeof address === 'object' ? address.port : 0;

  return {
    url: `smtp://127.0.0.1:${String(port)}`,
    received,
    waitForMail: (match, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = received.find(match);
          if (!found) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = (): void => {
          check();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching mail within ${String(timeoutMs)} ms; received ${String(received.length)}`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A loopback port nothing listens on (taken and released at once), for "the server is down". */
export async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  await new Promise<void>((resolve) => {
    probe.close(() => {
      resolve();
    });
  });
  return port;
}
