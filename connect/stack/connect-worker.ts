import path from 'node:path';
import { writeConfig, type StackLayout } from './layout';
import { connectListsDebezium } from './readiness';
import { assertPortFree, runningPid, spawnDetached, waitUntil } from './processes';

export function connectLogFile(layout: StackLayout): string {
  return path.join(layout.logDir, 'connect.log');
}

/** Starts a distributed Connect worker; ready once its REST API lists the Debezium plugin. */
export async function startConnect(
  layout: StackLayout,
  java: string,
): Promise<'started' | 'running'> {
  if (runningPid(layout.runDir, 'connect') !== undefined) return 'running';
  await assertPortFree(layout.ports.connect, 'Kafka Connect');

  const config = writeConfig(layout, 'worker.properties', {
    KAFKA_PORT: layout.ports.kafka,
    CONNECT_PORT: layout.ports.connect,
    PLUGIN_DIR: layout.pluginDir,
  });
  const logFile = connectLogFile(layout);
  const pid = spawnDetached({
    name: 'connect',
    command: java,
    args: [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=file:${path.join(layout.configDir, 'log4j2.properties')}`,
      '-cp',
      `${layout.libDir}/*`,
      'org.apache.kafka.connect.cli.ConnectDistributed',
      config,
    ],
    runDir: layout.runDir,
    logFile,
  });
  await waitUntil(() => connectListsDebezium(`http://127.0.0.1:${layout.ports.connect}`), {
    component: 'Kafka Connect',
    timeoutMs: 120_000,
    logFile,
    pid,
  });
  return 'started';
}
