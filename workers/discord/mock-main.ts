import { z } from 'zod';
import { readEnv, runMain } from '../../lib/env';
import { startMockDiscord, type ReceivedMessage } from './mock-discord';
import type { Embed } from './render';

const envSchema = z.object({
  /** 0 picks a free port; the URL to use is printed either way. */
  MOCK_DISCORD_PORT: z.coerce.number().int().min(0).max(65_535).default(3999),
  /** Sends per window before 429; Discord's own webhook bucket is about 5 per 2 s. */
  MOCK_DISCORD_LIMIT: z.coerce.number().int().positive().default(5),
  MOCK_DISCORD_WINDOW_MS: z.coerce.number().int().positive().default(2_000),
});

/** One line per message: the embed's title and facts, already masked by the renderer. */
function summary(message: ReceivedMessage): string {
  const embed = (message.payload as { embeds?: Embed[] }).embeds?.[0];
  const facts = embed?.fields.map((f) => `${f.name}: ${f.value}`).join(' · ') ?? '';
  return `${new Date(message.at).toISOString()} ${message.id} ${embed?.title ?? '(no embed)'}${
    facts ? `  [${facts}]` : ''
  }\n`;
}

/**
 * Runs the mock Discord on its own, for demos: point a dispatcher at the printed URL with
 * DISCORD_ALLOW_LOCAL_WEBHOOK=1 and watch the messages arrive. Listens on 127.0.0.1 only.
 */
runMain(async function mockMain() {
  const env = readEnv(envSchema);
  const mock = await startMockDiscord({
    port: env.MOCK_DISCORD_PORT,
    rateLimit: { limit: env.MOCK_DISCORD_LIMIT, windowMs: env.MOCK_DISCORD_WINDOW_MS },
    onMessage: (message) => process.stdout.write(summary(message)),
  });
  process.stdout.write(`mock Discord listening; DISCORD_WEBHOOK_URL=${mock.webhookUrl}\n`);

  const stop = () => void mock.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
});
