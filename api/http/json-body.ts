import type { Readable } from 'node:stream';
import { HttpProblem } from './problem';

/** 64 KiB: every body this API accepts is a few hundred bytes. */
export const defaultMaxBodyBytes = 64 * 1024;

/**
 * Where the bytes come from: the Node request itself when served by @hono/node-server (reading
 * it directly spares building a WHATWG Request per call, measurable on the hot path), or a web
 * stream (app.request() in tests, other runtimes).
 */
export type BodySource = Readable | ReadableStream<Uint8Array> | null;

const jsonMediaType = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * Reads a request's JSON body. The content type is checked first (a form or a missing header is
 * a 415, never an empty body), the stream is counted as it arrives and abandoned past
 * `maxBytes` whatever Content-Length claimed (413), and only then is it decoded as strict UTF-8
 * and parsed (400).
 */
export async function readJsonBody(
  request: { headers: Headers; body: BodySource },
  maxBytes = defaultMaxBodyBytes,
): Promise<unknown> {
  assertJsonContentType(request.headers.get('content-type'));

  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);

  const bytes = await readAtMost(request.body, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw malformed('the body is not valid UTF-8', error);
  }
  if (text.trim() === '') throw malformed('the body is empty; send a JSON object');

  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw malformed(`the body is not valid JSON: ${(error as Error).message}`, error);
  }
}

function assertJsonContentType(header: string | null): void {
  if (header === null) {
    throw unsupported('the request has no Content-Type; send application/json');
  }
  const [mediaType = '', ...parameters] = header.split(';').map((part) => part.trim());
  if (!jsonMediaType.test(mediaType.toLowerCase())) {
    throw unsupported(
      `Content-Type ${mediaType || '(empty)'} is not supported; send application/json`,
    );
  }
  const charset = parameters.find((p) => p.toLowerCase().startsWith('charset='));
  const charsetValue = charset?.slice('charset='.length).replace(/"/g, '').toLowerCase();
  if (charsetValue !== undefined && charsetValue !== 'utf-8' && charsetValue !== 'utf8') {
    throw unsupported('only UTF-8 JSON bodies are supported');
  }
}

async function readAtMost(body: BodySource, maxBytes: number): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);

  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunksOf(body)) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem(413, {
    title: 'Content Too Large',
    detail: `the body exceeds ${maxBytes} bytes`,
    // The rest of the body is never read, so the connection cannot carry another request.
    headers: { connection: 'close' },
  });
}

function unsupported(detail: string): HttpProblem {
  return new HttpProblem(415, {
    title: 'Unsupported Media Type',
    detail,
    headers: { 'accept-post': 'application/json' },
  });
}

function malformed(detail: string, cause?: unknown): HttpProblem {
  return new HttpProblem(400, { title: 'Bad Request', detail, cause });
}

/**
 * Stopping early must not destroy a Node request: its socket still has to carry the 413.
 * The server discards the unread rest once the answer is sent.
 */
function chunksOf(body: Readable | ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  if ('iterator' in body && typeof body.iterator === 'function') {
    return body.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
  }
  return body as AsyncIterable<Uint8Array>;
}
