import { parseArgs } from 'node:util';
import { z } from 'zod';
import { kafkaBrokers, logLevel, readEnv, runMain } from '../lib/env';
import { createLogger } from '../lib/logger';
import { deadLetterHeaders, deadLetterTopicFor, fromDeadLetter } from './consumer/dead-letter';
import { createKafkaBus } from './consumer/kafka';

const usage = `usage: npm run dlq -- list [--topic <source topic>]
       npm run dlq -- replay [--topic <source topic>] [--event <event id>]`;

const defaultTopics = ['sipeat.contact.events', 'sipeat.request.events', 'sipeat.machine.events'];

runMain(async function dlq() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { topic: { type: 'string', multiple: true }, event: { type: 'string' } },
  });
  const command = positionals[0];
  if (command !== 'list' && command !== 'replay') {
    process.stderr.write(`${usage}\n`);
    process.exit(2);
  }
  const env = readEnv(
    z.object({ KAFKA_BROKERS: kafkaBrokers, LOG_LEVEL: logLevel.default('warn') }),
  );
  const logger = createLogger({ name: 'dlq', level: env.LOG_LEVEL });
  const bus = createKafkaBus({ brokers: env.KAFKA_BROKERS, clientId: 'sipeat-dlq', logger });

  try {
    for (const topic of values.topic ?? defaultTopics) {
      const letters = (await bus.readAll(deadLetterTopicFor(topic))).filter(
        (m) => !values.event || m.headers[deadLetterHeaders.eventId] === values.event,
      );
      if (command === 'list') {
        for (const m of letters) {
          process.stdout.write(
            `${JSON.stringify({
              dlqTopic: m.topic,
              dlqPartition: m.partition,
              dlqOffset: m.offset,
              eventId: m.headers[deadLetterHeaders.eventId] ?? null,
              type: m.headers.eventType ?? null,
              key: m.key,
              originalTopic: m.headers[deadLetterHeaders.topic],
              originalPartition: Number(m.headers[deadLetterHeaders.partition]),
              originalOffset: m.headers[deadLetterHeaders.offset],
              attempts: Number(m.headers[deadLetterHeaders.attempts]),
              error: m.headers[deadLetterHeaders.error],
            })}\n`,
          );
        }
        continue;
      }
      // Replayed records carry their original id, so the consumer's inbox drops any that were
      // already applied: replaying twice is safe.
      await bus.publish(letters.map(fromDeadLetter));
      process.stdout.write(`${JSON.stringify({ topic, replayed: letters.length })}\n`);
    }
  } finally {
    await bus.disconnect();
  }
});
