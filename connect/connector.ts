import fs from 'node:fs';
import { OperatorError } from '../lib/env';
import { fileURLToPath } from 'node:url';
import { sleep } from './stack/processes';
import type { ConnectClient, ConnectorStatus } from './connect-client';

export const connectorName = 'sipeat-outbox';
export const connectorFile = fileURLToPath(new URL('./connector.json', import.meta.url));

/** Values that differ between the native stack and docker-compose, where Connect reaches Postgres by service name. */
export type ConnectorOverrides = { databaseHostname?: string; databasePort?: string };

/** The connector config from connect/connector.json, the single source of truth, plus overrides. */
export function loadConnectorConfig(overrides: ConnectorOverrides = {}): Record<string, string> {
  const config = JSON.parse(fs.readFileSync(connectorFile, 'utf8')) as Record<string, string>;
  if (overrides.databaseHostname) config['database.hostname'] = overrides.databaseHostname;
  if (overrides.databasePort) config['database.port'] = overrides.databasePort;
  return config;
}

export function isHealthy(status: ConnectorStatus | undefined): boolean {
  return (
    status?.connector.state === 'RUNNING' &&
    status.tasks.length > 0 &&
    status.tasks.every((task) => task.state === 'RUNNING')
  );
}

export class ConnectorNotRunningError extends OperatorError {
  constructor(readonly status: ConnectorStatus | undefined) {
    super(
      `connector ${connectorName} is not running:\n${describeStatus(status)}`,
      'fix the cause shown, then: npm run connector -- restart',
    );
    this.name = 'ConnectorNotRunningError';
  }
}

/** PUTs the config, then waits for the connector and every task to report RUNNING. */
export async function applyConnector(
  client: ConnectClient,
  config: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ConnectorStatus> {
  await client.putConfig(connectorName, config);
  return waitUntilRunning(client, timeoutMs);
}

export async function waitUntilRunning(
  client: ConnectClient,
  timeoutMs = 60_000,
): Promise<ConnectorStatus> {
  const deadline = Date.now() + timeoutMs;
  let status: ConnectorStatus | undefined;
  while (Date.now() < deadline) {
    status = await client.status(connectorName);
    if (isHealthy(status)) return status as ConnectorStatus;
    // A FAILED task does not recover by waiting; report it at once.
    if (
      status?.tasks.some((task) => task.state === 'FAILED') ||
      status?.connector.state === 'FAILED'
    )
      break;
    await sleep(300);
  }
  throw new ConnectorNotRunningError(status);
}

/** A readable, multi-line account of connector and task state, with the first lines of any trace. */
export function describeStatus(status: ConnectorStatus | undefined): string {
  if (!status) return `  ${connectorName}: not registered (run: npm run connector -- apply)`;
  const lines = [
    `  connector ${status.name}: ${status.connector.state} on ${status.connector.worker_id}`,
  ];
  if (status.connector.trace) lines.push(indentTrace(status.connector.trace));
  if (status.tasks.length === 0) lines.push('  no tasks yet');
  for (const task of status.tasks) {
    lines.push(`  task ${task.id}: ${task.state} on ${task.worker_id}`);
    if (task.trace) lines.push(indentTrace(task.trace));
  }
  return lines.join('\n');
}

function indentTrace(trace: string): string {
  // The cause chain matters more than the frames: keep the exception lines and a few frames.
  const lines = trace.split('\n');
  const kept = lines.filter((line, i) => i < 4 || line.startsWith('Caused by:')).slice(0, 12);
  return kept.map((line) => `      ${line.trim()}`).join('\n');
}
