import { z } from 'zod';
import { topicPartitions } from '../events/envelope';
import { databaseUrl, kafkaBrokers, logLevel } from '../lib/env';
import { parseFaultSpec } from './adapters/fault-injector';
import { defaultRestrictedAreas } from './machines/restricted-areas';
import { workerGroupNames } from './worker-groups';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Everything `npm run workers` reads from the environment; see the report for meanings. */
export const workerEnvSchema = z.object({
  DATABASE_URL: databaseUrl,
  KAFKA_BROKERS: kafkaBrokers,
  LOG_LEVEL: logLevel,
  WORKER_PORT: z.coerce.number().int().min(0).max(65_535).default(3100),
  WORKER_GROUPS: z
    .string()
    .default(workerGroupNames.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(workerGroupNames)).min(1)),
  KAFKA_TOPIC_PREFIX: z.string().min(1).default('sipeat'),
  WORKER_GROUP_PREFIX: z.string().min(1).default('sipeat'),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().default('SipEat <hello@sipeat.example>'),
  FAULTS: z
    .string()
    .optional()
    .superRefine((spec, ctx) => {
      const parsed = spec ? parseFaultSpec(spec) : undefined;
      if (parsed && !parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
    }),
  RESTRICTED_AREAS: z.string().default(defaultRestrictedAreas),
  INITIAL_STOCK: positiveInt(20),
  ADAPTER_TIMEOUT_MS: positiveInt(5_000),
  WORKER_MAX_ATTEMPTS: positiveInt(5),
  WORKER_SESSION_TIMEOUT_MS: positiveInt(30_000),
  WORKER_RETRY_BASE_MS: positiveInt(200),
  /** Partitions of one consumer handled at the same time; more than the topic has buys nothing. */
  WORKER_PARTITIONS_IN_PARALLEL: positiveInt(topicPartitions),
  /** Test-only: SIGKILL the process right after this event's transaction commits. */
  WORKER_CRASH_AFTER_COMMIT: z.uuid().optional(),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;
