import { DockerComposeEnvironment, Wait } from 'testcontainers';
import { waitForStack, type StackUrls } from '../connect/stack/compose';
import { projectRoot } from '../connect/stack/layout';

/**
 * For users with Docker (SIPEAT_STACK=docker): the stack from the same docker-compose.yml,
 * through testcontainers' compose support, then the same readiness checks as every other path.
 * It cannot run on our CI (no Docker engine), so it stays thin and is only type-checked there.
 */
export async function startDockerStack(urls: StackUrls): Promise<() => Promise<void>> {
  const environment = await new DockerComposeEnvironment(projectRoot, 'docker-compose.yml')
    .withWaitStrategy('postgres-1', Wait.forHealthCheck())
    .up();
  await waitForStack(urls, (service) => `the ${service} container's logs`);
  return async () => {
    await environment.down({ removeVolumes: true });
  };
}
