import { startMockDiscord, type ReceivedMessage } from '../workers/discord/mock-discord';
import type { Embed } from '../workers/discord/render';

function describe(message: ReceivedMessage): string {
  const embed = (message.payload as { embeds?: Embed[] }).embeds?.[0];
  if (!embed) return `message ${message.id}`;
  const facts = embed.fields.map((f) => `${f.name}: ${f.value}`).join(' · ');
  return `${embed.title}${facts ? `  [${facts}]` : ''}`;
}

/**
 * The mock Discord for `SIPEAT_DISCORD=mock npm start`: every message the dispatcher delivers is
 * printed, so a newcomer sees the whole flow on one screen. Its rate limit is Discord's own.
 */
export async function startMockDiscordForDemo(port: number, say: (text: string) => void) {
  const mock = await startMockDiscord({
    port,
    onMessage: (message) => say(`discord    | ${describe(message)}`),
  });
  say(`start: mock Discord listening on 127.0.0.1:${mock.port}`);
  return {
    env: { DISCORD_WEBHOOK_URL: mock.webhookUrl, DISCORD_ALLOW_LOCAL_WEBHOOK: '1' },
    close: mock.close,
  };
}
