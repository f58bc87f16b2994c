import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { App } from './app';

export type RunningServer = {
  server: Server;
  port: number;
  /**
   * Stops accepting connections, lets requests in flight finish (idle keep-alive connections
   * are closed at once), and after `timeoutMs` cuts whatever is still open.
   */
  close(timeoutMs: number): Promise<void>;
};

/** Listens on host:port (0 picks a free port) and resolves once the socket is bound. */
export function startServer(
  app: App,
  options: { host: string; port: number },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port },
      (info: AddressInfo) =>
        resolve({ server, port: info.port, close: (ms) => closeServer(server, ms) }),
    ) as Server;
    server.once('error', reject);
  });
}

function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const forceTimer = setTimeout(() => server.closeAllConnections(), timeoutMs);
    forceTimer.unref();
    server.close((error) => {
      clearTimeout(forceTimer);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
