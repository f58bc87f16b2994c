import { z } from 'zod';

/** Raised when the environment does not satisfy a process's schema; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the environment once against a zod schema. Entry points call this; nothing below them
 * reads process.env. Messages name the variable and never echo its value (it may be a secret).
 */
export function readEnv<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
  );
}

/**
 * A failure an operator can act on (a port taken, a connector that will not start): printed as
 * its message and hint, without a stack trace, which would only bury what to do.
 */
export class OperatorError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'OperatorError';
  }
}

/**
 * Runs an entry point's main: a ConfigError becomes a readable message and exit code 2, an
 * OperatorError its message and hint with exit code 1, anything else a stack trace.
 */
export function runMain(main: () => Promise<void>, name = 'error'): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof OperatorError) {
      const hint = error.hint ? `\n  what to do: ${error.hint}` : '';
      process.stderr.write(`${name}: ${error.message}${hint}\n`);
      process.exit(1);
    }
    process.stderr.write(
      `fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}

/** Defaults match the native stack started by `npm run stack:up`. */
export const stackDefaults = {
  DATABASE_URL: 'postgres://sipeat:sipeat@127.0.0.1:54329/sipeat',
  KAFKA_BROKERS: '127.0.0.1:19092',
  CONNECT_URL: 'http://127.0.0.1:18083',
} as const;

export const databaseUrl = z.string().url().default(stackDefaults.DATABASE_URL);
export const kafkaBrokers = z
  .string()
  .default(stackDefaults.KAFKA_BROKERS)
  .transform((value) =>
    value
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  );
export const connectUrl = z.string().url().default(stackDefaults.CONNECT_URL);
export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');
