import { stackDefaults } from '../../lib/env';

/** Connection settings for tests: the environment wins, else the native stack's defaults. */
export const testEnv = {
  databaseUrl: process.env.DATABASE_URL ?? stackDefaults.DATABASE_URL,
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? stackDefaults.KAFKA_BROKERS).split(','),
  connectUrl: process.env.CONNECT_URL ?? stackDefaults.CONNECT_URL,
};
