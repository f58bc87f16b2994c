import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeOutbox } from '../api/persistence/outbox-retention';
import { useTestDatabase } from '../test/support/db';
import { testKafka, watchTopic } from '../test/support/kafka';
import { createConnectClient } from './connect-client';
import { waitUntilRunning } from './connector';
import { testEnv } from '../test/support/env';

type Row = { id: string; aggregateId: string; type: string; payload: unknown };

const topic = 'sipeat.contact.events';

describe('outbox to Kafka through Debezium', () => {
  const { pool } = useTestDatabase();
  let watcher: Awaited<ReturnType<typeof watchTopic>>;

  beforeAll(async () => {
    await waitUntilRunning(createConnectClient({ baseUrl: testEnv.connectUrl }));
    watcher = await watchTopic(topic);
  });
  afterAll(() => watcher?.stop());

  async function insertInOneTransaction(rows: Row[], outcome: 'commit' | 'rollback' = 'commit') {
    const client = await pool.connect();
    try {
      await client.query('begin');
      for (const row of rows) {
        await client.query(
          'insert into outbox (id, aggregatetype, aggregateid, type, payload) values ($1, $2, $3, $4, $5)',
          [row.id, 'contact', row.aggregateId, row.type, JSON.stringify(row.payload)],
        );
      }
      await client.query(outcome);
    } finally {
      client.release();
    }
  }

  it('publishes the payload as plain JSON, keyed by aggregate id, with id and type headers', async () => {
    const payload = {
      quote: 'she said "hi"',
      backslash: 'C:\\path\\to\\file \\n not a newline',
      emoji: '🥤☕️👩🏽‍💻',
      nonLatin: 'Добрый день, 你好, مرحبا, שלום',
      controls: 'tab\there\nnewline',
      nested: { n: 1.5, list: [1, 'two', null, true] },
    };
    const row: Row = {
      id: randomUUID(),
      aggregateId: randomUUID(),
      type: 'contact.created',
      payload,
    };

    await insertInOneTransaction([row]);
    const [message] = await watcher.waitFor((m) => m.headers.id === row.id, 1);

    expect(message?.key).toBe(row.aggregateId);
    expect(message?.headers.eventType).toBe('contact.created');
    expect(JSON.parse(message?.value ?? 'null')).toEqual(payload);
    // Byte for byte what Postgres stored (jsonb normalises spacing and key order).
    const stored = await pool.query('select payload::text as text from outbox where id = $1', [
      row.id,
    ]);
    expect(message?.value).toBe(stored.rows[0].text);
  });

  it('never publishes a rolled-back insert', async () => {
    const rolledBack: Row = {
      id: randomUUID(),
      aggregateId: randomUUID(),
      type: 'contact.created',
      payload: { a: 1 },
    };
    const marker: Row = {
      id: randomUUID(),
      aggregateId: rolledBack.aggregateId,
      type: 'contact.created',
      payload: { b: 2 },
    };

    await insertInOneTransaction([rolledBack], 'rollback');
    await insertInOneTransaction([marker]);
    // Same key, same partition: once the later marker is here, the earlier row would be too.
    await watcher.waitFor((m) => m.headers.id === marker.id, 1);

    expect(watcher.received.some((m) => m.headers.id === rolledBack.id)).toBe(false);
  });

  it('publishes a row once even when it is purged, and the purge publishes nothing', async () => {
    const aggregateId = randomUUID();
    const old: Row = { id: randomUUID(), aggregateId, type: 'contact.created', payload: { n: 1 } };
    const recent: Row = { ...old, id: randomUUID(), payload: { n: 2 } };
    const marker: Row = { ...old, id: randomUUID(), payload: { n: 3 } };
    await insertInOneTransaction([old, recent]);
    await watcher.waitFor((m) => m.key === aggregateId, 2);
    await pool.query(`update outbox set created_at = now() - interval '2 days' where id = $1`, [
      old.id,
    ]);

    const purged = await purgeOutbox(pool, { olderThanMs: 24 * 3_600_000, batchSize: 1 });
    // Same key, same partition: once the marker is here, anything the purge caused would be too.
    await insertInOneTransaction([marker]);
    await watcher.waitFor((m) => m.headers.id === marker.id, 1);

    expect(purged).toBeGreaterThanOrEqual(1);
    const left = await pool.query('select id from outbox where id = any($1)', [
      [old.id, recent.id],
    ]);
    expect(left.rows.map((r) => r.id)).toEqual([recent.id]);
    const forKey = watcher.received.filter((m) => m.key === aggregateId);
    expect(forKey.map((m) => m.headers.id)).toEqual([old.id, recent.id, marker.id]);
    // Deletes do not even reach Debezium: the publication carries inserts only.
    const publication = await pool.query(
      `select pubinsert, pubupdate, pubdelete, pubtruncate from pg_publication
        where pubname = 'sipeat_outbox_pub'`,
    );
    expect(publication.rows).toEqual([
      { pubinsert: true, pubupdate: false, pubdelete: false, pubtruncate: false },
    ]);
  });

  it('delivers rows of one transaction in commit order', async () => {
    const aggregateId = randomUUID();
    const rows: Row[] = Array.from({ length: 20 }, (_, i) => ({
      id: randomUUID(),
      aggregateId,
      type: 'contact.created',
      payload: { seq: i },
    }));

    await insertInOneTransaction(rows);
    const messages = await watcher.waitFor((m) => m.key === aggregateId, rows.length);

    expect(messages.map((m) => m.headers.id)).toEqual(rows.map((r) => r.id));
    expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
  });

  it('lets a kafkajs consumer group join, consume and commit', async () => {
    const kafka = testKafka();
    const groupId = `test-commit-${randomUUID()}`;
    const row: Row = {
      id: randomUUID(),
      aggregateId: randomUUID(),
      type: 'contact.created',
      payload: { c: 3 },
    };
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic);

    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let committedAt: { partition: number; offset: string } | undefined;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (message.headers?.id?.toString() !== row.id) return;
        const next = (BigInt(message.offset) + 1n).toString();
        await consumer.commitOffsets([{ topic, partition, offset: next }]);
        committedAt = { partition, offset: next };
      },
    });
    for (const { partition, offset } of ends) consumer.seek({ topic, partition, offset });

    await insertInOneTransaction([row]);
    const deadline = Date.now() + 30_000;
    while (!committedAt && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await consumer.disconnect();

    expect(committedAt).toBeDefined();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const partition = committed?.partitions.find((p) => p.partition === committedAt?.partition);
    expect(partition?.offset).toBe(committedAt?.offset);
    await admin.disconnect();
  });
});
