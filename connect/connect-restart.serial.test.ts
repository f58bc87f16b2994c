import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/support/db';
import { testEnv } from '../test/support/env';
import { watchTopic } from '../test/support/kafka';
import { createConnectClient } from './connect-client';
import { waitUntilRunning } from './connector';
import { startConnect } from './stack/connect-worker';
import { stackLayout } from './stack/layout';
import { isAlive, runningPid, sleep } from './stack/processes';
import { findJava } from './stack/toolchain';

const nativeStack = (process.env.SIPEAT_STACK ?? 'native') === 'native';

describe.skipIf(!nativeStack)('Kafka Connect killed with SIGKILL', () => {
  const { pool } = useTestDatabase();
  const layout = stackLayout();
  const client = createConnectClient({ baseUrl: testEnv.connectUrl });
  afterAll(async () => {
    // Leave the stack as we found it even when an assertion failed half-way.
    if (runningPid(layout.runDir, 'connect') === undefined)
      await startConnect(layout, findJava(process.env.JAVA_HOME));
    await waitUntilRunning(client, 120_000);
  });

  it('loses no outbox row written while it was down', async () => {
    const watcher = await watchTopic('sipeat.machine.events');
    const aggregateId = randomUUID();
    const ids = Array.from({ length: 50 }, () => randomUUID());

    // 1. Kill the worker without letting it flush offsets or close the replication stream.
    const pid = runningPid(layout.runDir, 'connect');
    expect(pid).toBeDefined();
    process.kill(pid as number, 'SIGKILL');
    while (isAlive(pid as number)) await sleep(50);

    // 2. Commit rows while nothing reads the slot; Postgres must keep them in WAL.
    for (const id of ids) {
      await pool.query(
        'insert into outbox (id, aggregatetype, aggregateid, type, payload) values ($1, $2, $3, $4, $5)',
        [id, 'machine', aggregateId, 'machine.created', JSON.stringify({ probe: id })],
      );
    }

    // 3. Start Connect again; it restores the connector from its config topic by itself.
    await startConnect(layout, findJava(process.env.JAVA_HOME));
    await waitUntilRunning(client, 120_000);

    // 4. Every row arrives (at least once: redelivery after a crash is allowed, loss is not).
    const received = await watcher.waitFor((m) => m.key === aggregateId, ids.length, 90_000);
    await watcher.stop();
    expect(new Set(received.map((m) => m.headers.id))).toEqual(new Set(ids));
  }, 240_000);
});
