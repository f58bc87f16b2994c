import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * `/healthz` (200 while every consumer group runs, else 503) and `/metrics` (Prometheus text).
 * Resolves once listening; port 0 picks a free port, reported back by `port`.
 */
export async function startHealthServer(options: {
  port: number;
  host?: string;
  healthy: () => { ok: boolean; groups: Record<string, boolean> };
  registry: Registry;
}): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz') {
      const health = options.healthy();
      res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: health.ok ? 'ok' : 'failing', groups: health.groups }));
      return;
    }
    if (req.url === '/metrics') {
      options.registry.metrics().then(
        (body) => {
          res.writeHead(200, { 'content-type': options.registry.contentType });
          res.end(body);
        },
        () => {
          res.writeHead(500).end();
        },
      );
      return;
    }
    res.writeHead(404).end();
  });

  await new Promise<void>((resolve) =>
    server.listen(options.port, options.host ?? '127.0.0.1', resolve),
  );
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
