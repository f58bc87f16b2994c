import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';

export const postgresConnectorClass = 'io.debezium.connector.postgresql.PostgresConnector';

/*
 * "Ready" means the service answers a real request, not that its port is open. The native
 * launcher, `npm start` with Docker and the testcontainers setup all wait on these.
 */

export async function postgresAnswers(connectionString: string): Promise<boolean> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function kafkaAnswers(brokers: string[]): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'sipeat-readiness',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Connect is ready for us once its REST API lists the Debezium Postgres connector plugin. */
export async function connectListsDebezium(connectUrl: string): Promise<boolean> {
  const response = await fetch(`${connectUrl.replace(/\/$/, '')}/connector-plugins`, {
    signal: AbortSignal.timeout(2000),
  });
  if (!response.ok) return false;
  const plugins = (await response.json()) as { class: string }[];
  return plugins.some((plugin) => plugin.class === postgresConnectorClass);
}
