import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { contacts } from '../db/schema';
import { useTestDatabase } from '../test/support/db';
import { testEnv } from '../test/support/env';
import { startServer } from './server';
import { createTestApi, testAdminToken } from './testing/test-api';

const { db } = useTestDatabase();

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

function readAnswer(response: http.IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (body += chunk));
    response.on('end', () =>
      resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
    );
    response.on('error', reject);
  });
}

describe('listening server', () => {
  it('refuses a chunked body over 64 KiB while it is still streaming', async () => {
    const { app } = createTestApi(db);
    const running = await startServer(app, { host: '127.0.0.1', port: 0 });
    afterAll(() => running.close(1000));

    const request = http.request({
      host: '127.0.0.1',
      port: running.port,
      method: 'POST',
      path: '/contacts',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    request.on('error', () => undefined); // the server may close the socket once it has answered
    const answered = once(request, 'response').then(([res]) =>
      readAnswer(res as http.IncomingMessage),
    );

    // Stream up to 4 MiB in 16 KiB chunks, stopping as soon as the answer arrives.
    let sentBytes = 0;
    let done = false;
    void answered.then(() => (done = true));
    const chunk = Buffer.alloc(16 * 1024, 'x');
    while (!done && sentBytes < 4 * 1024 * 1024) {
      if (!request.write(chunk)) await Promise.race([once(request, 'drain'), answered]);
      sentBytes += chunk.length;
      await new Promise((r) => setImmediate(r));
    }

    const answer = await answered;
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(sentBytes).toBeLessThan(4 * 1024 * 1024);
    request.destroy();
  });
});

describe('api process', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

  it('on SIGTERM stops accepting, finishes the request in flight, and exits 0', async () => {
    const entry = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: testEnv.databaseUrl,
        ADMIN_TOKEN: testAdminToken,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const logLines: { msg: string; port?: number }[] = [];
    const lineWaiters: { msg: string; resolve: (line: { port?: number }) => void }[] = [];
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as { msg: string; port?: number };
      logLines.push(line);
      lineWaiters.filter((w) => w.msg === line.msg).forEach((w) => w.resolve(line));
    });
    const logged = (msg: string) =>
      new Promise<{ port?: number }>((resolve) => {
        const seen = logLines.find((l) => l.msg === msg);
        if (seen) resolve(seen);
        else lineWaiters.push({ msg, resolve });
      });
    const exited = once(child, 'exit');

    // 1. the server is up on a port it picked
    const { port } = await logged('listening');
    expect(port).toBeGreaterThan(0);

    // 2. a request is in flight: headers parsed (100 Continue received), body not yet sent
    const name = `In flight ${randomUUID()}`;
    const body = JSON.stringify({
      name,
      email: 'a@example.com',
      phone: '+41 44 123',
      message: 'hi',
    });
    const inFlight = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/contacts',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
      },
    });
    const answered = once(inFlight, 'response').then(([res]) =>
      readAnswer(res as http.IncomingMessage),
    );
    answered.catch(() => undefined); // awaited below; keeps an early failure from going unhandled
    inFlight.flushHeaders();
    await once(inFlight, 'continue');

    // 3. SIGTERM: new connections are refused
    child.kill('SIGTERM');
    await logged('shutting down');
    const refused = await new Promise<string>((resolve) => {
      const probe = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) =>
        resolve(`answered ${res.statusCode}`),
      );
      probe.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');

    // 4. the request in flight still completes and commits
    inFlight.end(body);
    const answer = await answered;
    expect(answer.status).toBe(201);
    expect(await db.$count(contacts, eq(contacts.name, name))).toBe(1);

    // 5. the process closes its pool and exits cleanly
    const [code] = await exited;
    expect(code).toBe(0);
    expect(logLines.map((l) => l.msg)).toContain('stopped');
  });
});
