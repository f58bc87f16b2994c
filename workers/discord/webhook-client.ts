import type { WebhookPayload } from './render';

/** What one execute-webhook call came to; the dispatcher decides what each means for the row. */
export type SendResult =
  | { kind: 'delivered'; messageId: string | null; pacing: Pacing }
  | { kind: 'rate-limited'; retryAfterMs: number; global: boolean }
  | { kind: 'invalid-payload'; status: number; body: string }
  | { kind: 'webhook-gone'; status: number }
  | { kind: 'transient'; reason: string }
  /** The request may have reached Discord: a timeout or a cut connection after sending. */
  | { kind: 'ambiguous'; reason: string };

/** What X-RateLimit-* said about the bucket after a send. */
export type Pacing = { remaining?: number; resetAfterMs?: number };

function seconds(value: string | null): number | undefined {
  if (value === null) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}

function pacingFrom(headers: Headers): Pacing {
  const remaining = seconds(headers.get('x-ratelimit-remaining'));
  const resetAfter = seconds(headers.get('x-ratelimit-reset-after'));
  return { remaining, resetAfterMs: resetAfter === undefined ? undefined : resetAfter * 1000 };
}

async function rateLimited(response: Response): Promise<SendResult> {
  const body = (await response.json().catch(() => ({}))) as {
    retry_after?: unknown;
    global?: unknown;
  };
  // The body's retry_after is in seconds and may be fractional; the header is whole seconds.
  const retryAfterSeconds =
    (typeof body.retry_after === 'number' ? body.retry_after : undefined) ??
    seconds(response.headers.get('retry-after')) ??
    1;
  const global = body.global === true || response.headers.get('x-ratelimit-global') === 'true';
  return { kind: 'rate-limited', retryAfterMs: Math.ceil(retryAfterSeconds * 1000), global };
}

/** Node's fetch reports refused connections before anything was sent; those are safe to retry. */
function neverSent(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

/**
 * Executes a webhook with `wait=true` so Discord answers with the message it created. The URL
 * is a secret: it is never put into a result, an error or a log line.
 */
export async function executeWebhook(
  webhookUrl: string,
  payload: WebhookPayload,
  timeoutMs: number,
): Promise<SendResult> {
  const url = new URL(webhookUrl);
  url.searchParams.set('wait', 'true');
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'SipEat-Dispatcher (sipeat, 1)',
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = (error as Error).name;
    if (neverSent(error)) return { kind: 'transient', reason: 'connection refused' };
    return {
      kind: 'ambiguous',
      reason: name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'connection lost',
    };
  }

  if (response.ok) {
    const body = (await response.json().catch(() => ({}))) as { id?: unknown };
    return {
      kind: 'delivered',
      messageId: typeof body.id === 'string' ? body.id : null,
      pacing: pacingFrom(response.headers),
    };
  }
  if (response.status === 429) return rateLimited(response);
  if (response.status === 401 || response.status === 403 || response.status === 404) {
    await response.body?.cancel();
    return { kind: 'webhook-gone', status: response.status };
  }
  if (response.status >= 400 && response.status < 500) {
    return {
      kind: 'invalid-payload',
      status: response.status,
      body: (await response.text()).slice(0, 2000),
    };
  }
  await response.body?.cancel();
  return { kind: 'transient', reason: `discord answered ${response.status}` };
}
