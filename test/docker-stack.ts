import path from 'node:path';
import { DockerComposeEnvironment, Wait } from 'testcontainers';
import { projectRoot } from '../connect/stack/layout';

/**
 * For users with Docker (SIPEAT_STACK=docker): the same stack from docker-compose.yml through
 * testcontainers' compose support. It cannot run on our CI (no Docker engine), so it is kept thin
 * and only type-checked there; readiness beyond these waits is the same connector apply and
 * topic check the native path uses.
 */
export async function startDockerStack(): Promise<() => Promise<void>> {
  const environment = await new DockerComposeEnvironment(projectRoot, 'docker-compose.yml')
    .withWaitStrategy('postgres-1', Wait.forHealthCheck())
    .withWaitStrategy('kafka-1', Wait.forListeningPorts())
    .withWaitStrategy('connect-1', Wait.forHttp('/connector-plugins', 8083).forStatusCode(200))
    .up();
  return async () => {
    await environment.down({ removeVolumes: true });
  };
}

/** Inside the compose network Connect reaches Postgres by its service name. */
export const dockerConnectorOverrides = { databaseHostname: 'postgres', databasePort: '5432' };
export const composeFile = path.join(projectRoot, 'docker-compose.yml');
