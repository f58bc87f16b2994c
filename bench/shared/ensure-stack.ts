import { createConnectClient } from '../../connect/connect-client';
import { applyConnector, loadConnectorConfig } from '../../connect/connector';
import type { StackLayout } from '../../connect/stack/layout';
import { stackStatus, stackUp, type Progress, type Toolchain } from '../../connect/stack/stack';
import { ensureTopics } from '../../connect/stack/topics';
import { createDatabase } from '../../db/client';
import { applyMigrations } from '../../db/migrate';

/**
 * Makes the stack serve the pipeline: starts what is not running (never stops anything),
 * migrates, creates the topics and applies the connector, each a no-op when already done.
 */
export async function ensureStack(options: {
  layout: StackLayout;
  toolchain: Toolchain;
  databaseUrl: string;
  brokers: string[];
  connectUrl: string;
  progress: Progress;
}): Promise<{ startedStack: boolean }> {
  const running = (await stackStatus(options.layout)).every((c) => c.pid !== undefined);
  if (!running) await stackUp(options.layout, options.toolchain, options.progress);

  const { db, pool } = createDatabase({ url: options.databaseUrl, maxConnections: 1 });
  await applyMigrations(db).finally(() => pool.end());
  await ensureTopics(options.brokers);
  await applyConnector(createConnectClient({ baseUrl: options.connectUrl }), loadConnectorConfig());
  return { startedStack: !running };
}
