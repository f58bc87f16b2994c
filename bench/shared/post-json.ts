import http from 'node:http';

export type PostAnswer = { status: number; body: string };

/**
 * A keep-alive JSON POST client for one loopback port. A connection error answers status 0
 * instead of throwing, so the load generator counts it as a failure and carries on.
 */
export function createJsonPoster(options: { port: number; maxSockets?: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });

  function post(path: string, body: unknown): Promise<PostAnswer> {
    const text = JSON.stringify(body);
    return new Promise((resolve) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: options.port,
          path,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      );
      request.on('error', () => resolve({ status: 0, body: '' }));
      request.end(text);
    });
  }

  return { post, close: () => agent.destroy() };
}

export type JsonPoster = ReturnType<typeof createJsonPoster>;
