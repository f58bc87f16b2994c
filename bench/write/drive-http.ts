import http from 'node:http';
import { summarise, type RateSummary } from './latency';

/**
 * Keeps `concurrency` POSTs in flight over as many keep-alive connections for `durationSeconds`
 * and measures each from write to last byte. Any status but 201 counts as a failure.
 */
export async function driveHttp(options: {
  port: number;
  path: string;
  body: () => string;
  concurrency: number;
  durationSeconds: number;
}): Promise<RateSummary> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latenciesMs: number[] = [];
  let failed = 0;
  const startedAt = performance.now();
  const deadline = startedAt + options.durationSeconds * 1000;

  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      const sentAt = performance.now();
      const status = await post(agent, options.port, options.path, options.body());
      if (status === 201) latenciesMs.push(performance.now() - sentAt);
      else failed += 1;
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, worker));
  agent.destroy();
  return summarise(latenciesMs, failed, (performance.now() - startedAt) / 1000);
}

function post(agent: http.Agent, port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', () => resolve(0));
    request.end(body);
  });
}
