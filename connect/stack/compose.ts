import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { OperatorError } from '../../lib/env';
import type { ConnectorOverrides } from '../connector';
import { projectRoot } from './layout';
import { waitUntil } from './processes';
import { connectListsDebezium, kafkaAnswers, postgresAnswers } from './readiness';

export const composeFile = path.join(projectRoot, 'docker-compose.yml');

/** Inside the compose network Connect reaches Postgres by its service name. */
export const composeConnectorOverrides: ConnectorOverrides = {
  databaseHostname: 'postgres',
  databasePort: '5432',
};

export type StackUrls = { databaseUrl: string; kafkaBrokers: string[]; connectUrl: string };

/** Waits until the three services answer real requests, wherever they run. */
export async function waitForStack(urls: StackUrls, logHint: (service: string) => string) {
  const wait = (component: string, check: () => Promise<boolean>) =>
    waitUntil(check, { component, timeoutMs: 180_000, logFile: logHint(component) });
  await wait('postgres', () => postgresAnswers(urls.databaseUrl));
  await wait('kafka', () => kafkaAnswers(urls.kafkaBrokers));
  await wait('connect', () => connectListsDebezium(urls.connectUrl));
}

function compose(args: string[]): void {
  const result = spawnSync('docker', ['compose', '-f', composeFile, ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    throw new OperatorError(
      `docker compose ${args[0]} failed`,
      'is the Docker engine running (docker info)? Without Docker, leave SIPEAT_STACK unset',
      { cause: result.error },
    );
  }
}

/** The stack from docker-compose.yml, for users with Docker; returns how to stop it. */
export async function startComposeStack(urls: StackUrls): Promise<() => Promise<void>> {
  compose(['up', '-d']);
  await waitForStack(urls, (service) => `the output of: docker compose logs ${service}`);
  return async () => compose(['stop']);
}
