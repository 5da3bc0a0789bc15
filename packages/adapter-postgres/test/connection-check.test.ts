import { createServer, type Server, type Socket } from 'node:net';
import { StartupError } from '@hexabill/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkDatabaseConnection, databaseStartupError, databaseTargetOf } from '../src/index.js';

let serverUrl: string;
beforeAll(() => {
  serverUrl = inject('postgresServerUrl');
});

function withUrl(change: (url: URL) => void): string {
  const url = new URL(serverUrl);
  change(url);
  return url.toString();
}

async function failureOf(work: Promise<unknown>): Promise<StartupError> {
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof StartupError)) throw new Error(`expected a StartupError, got ${String(outcome)}`);
  return outcome;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return address && typeof address === 'object' ? address.port : 0;
}

/** A server that accepts connections and never says a word, like a firewall that lets the handshake through. */
let silent: { server: Server; sockets: Set<Socket>; port: number };
beforeAll(async () => {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  silent = { server, sockets, port: address && typeof address === 'object' ? address.port : 0 };
});
afterAll(async () => {
  for (const socket of silent.sockets) socket.destroy();
  await new Promise<void>((resolve) =>
    silent.server.close(() => {
      resolve();
    }),
  );
});

describe('checkDatabaseConnection against a real PostgreSQL', () => {
  it('passes when DATABASE_URL leads to a database', async () => {
    await expect(checkDatabaseConnection(serverUrl)).resolves.toBeUndefined();
  });

  it('names a wrong password, without printing it', async (context) => {
    const url = withUrl((u) => {
      u.password = 'not-the-password';
    });
    const outcome = await checkDatabaseConnection(url).then(
      () => undefined,
      (error: unknown) => error,
    );
    // A server that trusts every local connection (TEST_DATABASE_URL's may) never asks for a password.
    if (outcome === undefined) context.skip();
    const error = outcome as StartupError;
    expect(error).toBeInstanceOf(StartupError);
    expect(error.problem).toBe('credentials');
    expect(error.transient).toBe(false);
    const target = databaseTargetOf(url);
    expect(error.message).toBe(
      `PostgreSQL at ${target.host}:${target.port} refused the password of user "${target.user}": check the password in DATABASE_URL (or DATABASE_PASSWORD)`,
    );
    expect(error.message).not.toContain('not-the-password');
  });

  it('names a database that does not exist', async () => {
    const url = withUrl((u) => {
      u.pathname = '/hexabill_no_such_database';
    });
    const error = await failureOf(checkDatabaseConnection(url));
    expect(error.problem).toBe('not-found');
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(
      /^database "hexabill_no_such_database" does not exist on PostgreSQL at 127\.0\.0\.1:\d+: check the database name in DATABASE_URL/,
    );
  });

  it('names TLS asked of a server without it', async () => {
    const url = withUrl((u) => {
      u.searchParams.set('sslmode', 'no-verify');
    });
    const error = await failureOf(checkDatabaseConnection(url));
    expect(error.problem).toBe('misconfigured');
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(
      /^TLS with PostgreSQL at 127\.0\.0\.1:\d+ failed \(The server does not support SSL connections\): check sslmode in DATABASE_URL/,
    );
  });
});

describe('checkDatabaseConnection when nothing usable answers', () => {
  it('a refused connection is transient', async () => {
    const port = await closedPort();
    const error = await failureOf(checkDatabaseConnection(`postgres://hexabill:secret@127.0.0.1:${String(port)}/hexabill`));
    expect(error.problem).toBe('unreachable');
    expect(error.transient).toBe(true);
    expect(error.message).toBe(
      `cannot reach PostgreSQL at 127.0.0.1:${String(port)} (ECONNREFUSED): check the host and port in DATABASE_URL, that the server runs, and that this network may reach it`,
    );
    expect(error.message).not.toContain('secret');
  });

  it('a server that never answers is transient too', async () => {
    const error = await failureOf(
      checkDatabaseConnection(`postgres://hexabill:secret@127.0.0.1:${String(silent.port)}/hexabill`, { connectTimeoutMs: 200 }),
    );
    expect(error.problem).toBe('unreachable');
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(new RegExp(`^cannot reach PostgreSQL at 127\\.0\\.0\\.1:${String(silent.port)} \\(.*timeout.*\\)`));
  });

  it('a host that does not resolve is a setting to fix', async () => {
    const error = await failureOf(checkDatabaseConnection('postgres://hexabill:secret@hexabill-no-such-host.invalid:5432/hexabill'));
    expect(error.problem).toBe('misconfigured');
    expect(error.transient).toBe(false);
    expect(error.message).toBe('the host of DATABASE_URL (hexabill-no-such-host.invalid) does not resolve (ENOTFOUND): check DATABASE_URL');
  });
});

describe('databaseStartupError, for answers a test server cannot be made to give', () => {
  const target = databaseTargetOf('postgres://hexabill:secret@db.internal:5432/hexabill');
  const answer = (code: string, message: string): pg.DatabaseError => Object.assign(new pg.DatabaseError(message, 0, 'error'), { code });

  it.each([
    ['57P03', 'the database system is starting up'],
    ['53300', 'sorry, too many clients already'],
  ])('%s (%s) is worth waiting out', (code, message) => {
    const error = databaseStartupError(answer(code, message), target);
    expect(error.problem).toBe('unavailable');
    expect(error.transient).toBe(true);
    expect(error.message).toBe(`PostgreSQL at db.internal:5432 does not accept connections yet (${message})`);
  });

  it('a user pg_hba.conf does not let in', () => {
    const error = databaseStartupError(
      answer('28000', 'no pg_hba.conf entry for host "10.0.1.7", user "hexabill", database "hexabill", no encryption'),
      target,
    );
    expect(error.problem).toBe('credentials');
    expect(error.message).toMatch(
      /^PostgreSQL at db\.internal:5432 refused user "hexabill" \(no pg_hba\.conf entry.*\): check the user in DATABASE_URL/,
    );
  });
});
