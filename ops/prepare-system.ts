import { createConnectClient } from '../connect/connect-client';
import { applyConnector, loadConnectorConfig, type ConnectorOverrides } from '../connect/connector';
import { ensureTopics } from '../connect/stack/topics';
import { createDatabase } from '../db/client';
import { applyMigrations } from '../db/migrate';

/**
 * What must hold before the services run, on any stack: the schema migrated, the topics there
 * with their partition count, and the connector RUNNING. Each step is idempotent.
 */
export async function prepareSystem(options: {
  databaseUrl: string;
  kafkaBrokers: string[];
  connectUrl: string;
  connectorOverrides?: ConnectorOverrides;
  say: (text: string) => void;
}): Promise<void> {
  const { db, pool } = createDatabase({ url: options.databaseUrl, maxConnections: 1 });
  await applyMigrations(db).finally(() => pool.end());
  options.say('migrations applied');
  await ensureTopics(options.kafkaBrokers);
  await applyConnector(
    createConnectClient({ baseUrl: options.connectUrl }),
    loadConnectorConfig(options.connectorOverrides ?? {}),
  );
  options.say('connector sipeat-outbox RUNNING');
}
