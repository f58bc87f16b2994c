import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeConfig, type StackLayout } from './layout';
import { kafkaAnswers } from './readiness';
import { assertPortFree, runningPid, spawnDetached, StackError, waitUntil } from './processes';

const log4j = (layout: StackLayout) => [
  `-Dlog4j2.configurationFile=file:${path.join(layout.configDir, 'log4j2.properties')}`,
  `-Dkafka.logs.dir=${layout.logDir}`,
];

export function kafkaLogFile(layout: StackLayout): string {
  return path.join(layout.logDir, 'kafka.log');
}

/** KRaft storage is formatted once, with a cluster id kept beside the data. */
function formatStorage(layout: StackLayout, java: string, config: string): void {
  if (fs.existsSync(path.join(layout.kafkaData, 'meta.properties'))) return;
  // A Kafka Uuid is 16 random bytes in URL-safe base64 without padding.
  const clusterId = randomBytes(16).toString('base64url');
  try {
    execFileSync(
      java,
      [
        ...log4j(layout),
        '-cp',
        `${layout.libDir}/*`,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        config,
        '--ignore-formatted',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    throw new StackError(
      `formatting Kafka storage failed: ${stderr.slice(-1000)}`,
      `remove ${layout.kafkaData} (npm run stack:reset) and retry`,
      { cause: error },
    );
  }
}

export async function startKafka(
  layout: StackLayout,
  java: string,
): Promise<'started' | 'running'> {
  if (runningPid(layout.runDir, 'kafka') !== undefined) return 'running';
  await assertPortFree(layout.ports.kafka, 'Kafka');
  await assertPortFree(layout.ports.kafkaController, 'the Kafka controller');

  const config = writeConfig(layout, 'server.properties', {
    KAFKA_PORT: layout.ports.kafka,
    KAFKA_CONTROLLER_PORT: layout.ports.kafkaController,
    DATA_DIR: layout.kafkaData,
  });
  formatStorage(layout, java, config);
  const logFile = kafkaLogFile(layout);
  const pid = spawnDetached({
    name: 'kafka',
    command: java,
    args: [
      '-Xms256m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      ...log4j(layout),
      '-cp',
      `${layout.libDir}/*`,
      'kafka.Kafka',
      config,
    ],
    runDir: layout.runDir,
    logFile,
  });
  await waitUntil(() => kafkaAnswers([`127.0.0.1:${layout.ports.kafka}`]), {
    component: 'Kafka',
    timeoutMs: 60_000,
    logFile,
    pid,
  });
  return 'started';
}
