import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateWebhookPayload } from './payload-validation';

export type ReceivedMessage = { id: string; at: number; webhook: string; payload: unknown };
export type MockRequestLog = { at: number; status: number | 'dropped' };

/** One scripted answer, used for the next `times` requests. */
export type MockBehaviour =
  | { kind: 'rate-limit'; retryAfterSeconds: number; global?: boolean }
  | { kind: 'server-error'; status?: number }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'drop' }
  | { kind: 'gone'; status?: 401 | 404 };

export type MockDiscordOptions = {
  port?: number;
  /** The bucket every webhook shares: `limit` sends per `windowMs`, like Discord's 5 per 2 s. */
  rateLimit?: { limit: number; windowMs: number };
  onMessage?: (message: ReceivedMessage) => void;
};

let lastSnowflake = 0n;
function snowflake(): string {
  // Discord ids are time-ordered 64-bit numbers; good enough to look and sort like them.
  const next = (BigInt(Date.now() - 1420070400000) << 22n) | BigInt(randomInt(0, 4096));
  lastSnowflake = next > lastSnowflake ? next : lastSnowflake + 1n;
  return lastSnowflake.toString();
}

/**
 * A Discord webhook endpoint on loopback for tests and demos. It validates payloads the way
 * Discord does, paces with X-RateLimit headers and answers 429 when the bucket is empty, keeps
 * what it accepted, and can be scripted to misbehave.
 */
export async function startMockDiscord(options: MockDiscordOptions = {}) {
  const rateLimit = options.rateLimit ?? { limit: 5, windowMs: 2000 };
  const received: ReceivedMessage[] = [];
  const requests: MockRequestLog[] = [];
  const script: { behaviour: MockBehaviour; times: number }[] = [];
  let windowStart = Date.now();
  let used = 0;
  let inFlight = 0;
  let peakInFlight = 0;

  function nextBehaviour(): MockBehaviour | undefined {
    const head = script[0];
    if (!head) return undefined;
    if (head.behaviour.kind !== 'gone') head.times -= 1;
    if (head.times <= 0) script.shift();
    return head.behaviour;
  }

  function answer(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    requests.push({ at: Date.now(), status });
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://mock');
    const match = /^\/api\/webhooks\/(\d+)\/([\w-]+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !match)
      return answer(res, 404, { message: 'Unknown Webhook', code: 10015 });

    const behaviour = nextBehaviour();
    if (behaviour?.kind === 'drop') {
      requests.push({ at: Date.now(), status: 'dropped' });
      return req.socket.destroy();
    }
    if (behaviour?.kind === 'gone') {
      const status = behaviour.status ?? 404;
      return answer(
        res,
        status,
        status === 401
          ? { message: '401: Unauthorized', code: 0 }
          : { message: 'Unknown Webhook', code: 10015 },
      );
    }
    if (behaviour?.kind === 'server-error')
      return answer(res, behaviour.status ?? 502, { message: 'Bad Gateway' });
    if (behaviour?.kind === 'rate-limit') {
      const { retryAfterSeconds, global = false } = behaviour;
      return answer(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global },
        {
          'retry-after': String(Math.ceil(retryAfterSeconds)),
          ...(global ? { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' } : {}),
        },
      );
    }
    if (behaviour?.kind === 'slow') await new Promise((r) => setTimeout(r, behaviour.delayMs));

    const now = Date.now();
    if (now - windowStart >= rateLimit.windowMs) {
      windowStart = now;
      used = 0;
    }
    const resetAfterSeconds = (rateLimit.windowMs - (now - windowStart)) / 1000;
    const bucketHeaders = {
      'x-ratelimit-limit': String(rateLimit.limit),
      'x-ratelimit-bucket': 'mock-webhook-bucket',
      'x-ratelimit-reset-after': resetAfterSeconds.toFixed(3),
    };
    if (used >= rateLimit.limit) {
      return answer(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: resetAfterSeconds, global: false },
        {
          ...bucketHeaders,
          'x-ratelimit-remaining': '0',
          'x-ratelimit-scope': 'user',
          'retry-after': String(Math.ceil(resetAfterSeconds)),
        },
      );
    }

    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      return answer(res, 400, { message: 'The request body contains invalid JSON.', code: 50109 });
    }
    const errors = validateWebhookPayload(payload);
    if (errors) return answer(res, 400, { code: 50035, message: 'Invalid Form Body', errors });

    used += 1;
    const message: ReceivedMessage = {
      id: snowflake(),
      at: Date.now(),
      webhook: match[1] as string,
      payload,
    };
    received.push(message);
    options.onMessage?.(message);
    const headers = { ...bucketHeaders, 'x-ratelimit-remaining': String(rateLimit.limit - used) };
    if (url.searchParams.get('wait') === 'true')
      return answer(res, 200, { id: message.id, ...(payload as object) }, headers);
    return answer(res, 204, undefined, headers);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      void handle(req, res, Buffer.concat(chunks).toString('utf8')).finally(() => (inFlight -= 1));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    port,
    /** A webhook URL on this mock; any id and token are accepted. */
    webhookUrl: `http://127.0.0.1:${port}/api/webhooks/1234567890/mock-token`,
    received,
    requests,
    /** Scripts the next `times` requests (a `gone` behaviour lasts until `recover()`). */
    enqueue(behaviour: MockBehaviour, times = 1) {
      script.push({ behaviour, times });
    },
    recover() {
      script.splice(0, script.length);
    },
    /** The most requests it was answering at the same moment. */
    peakInFlight: () => peakInFlight,
    /** How many scripted behaviours are still waiting for a request. */
    scripted: () => script.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type MockDiscord = Awaited<ReturnType<typeof startMockDiscord>>;
