import { z } from 'zod';
import { connectUrl, readEnv, runMain } from '../lib/env';
import { createConnectClient } from './connect-client';
import {
  applyConnector,
  connectorName,
  describeStatus,
  isHealthy,
  loadConnectorConfig,
  waitUntilRunning,
} from './connector';

const usage = 'usage: npm run connector -- apply|status|restart|pause|resume|delete';

async function main(): Promise<void> {
  const env = readEnv(
    z.object({
      CONNECT_URL: connectUrl,
      CONNECTOR_DATABASE_HOSTNAME: z.string().optional(),
      CONNECTOR_DATABASE_PORT: z.string().regex(/^\d+$/).optional(),
    }),
  );
  const client = createConnectClient({ baseUrl: env.CONNECT_URL });
  const command = process.argv[2];

  switch (command) {
    case 'apply': {
      const config = loadConnectorConfig({
        databaseHostname: env.CONNECTOR_DATABASE_HOSTNAME,
        databasePort: env.CONNECTOR_DATABASE_PORT,
      });
      const status = await applyConnector(client, config);
      process.stdout.write(`applied ${connectorName}\n${describeStatus(status)}\n`);
      return;
    }
    case 'status': {
      const status = await client.status(connectorName);
      process.stdout.write(`${describeStatus(status)}\n`);
      if (!isHealthy(status)) process.exitCode = 3;
      return;
    }
    case 'restart':
      await client.restart(connectorName);
      process.stdout.write(`${describeStatus(await waitUntilRunning(client))}\n`);
      return;
    case 'pause':
      await client.pause(connectorName);
      process.stdout.write(`paused ${connectorName}\n`);
      return;
    case 'resume':
      await client.resume(connectorName);
      process.stdout.write(`${describeStatus(await waitUntilRunning(client))}\n`);
      return;
    case 'delete':
      await client.remove(connectorName);
      process.stdout.write(
        `deleted ${connectorName}; its replication slot stays in Postgres until dropped ` +
          `(select pg_drop_replication_slot('sipeat_outbox'))\n`,
      );
      return;
    default:
      process.stderr.write(`${usage}\n`);
      process.exitCode = 2;
  }
}

runMain(main, 'connector');
