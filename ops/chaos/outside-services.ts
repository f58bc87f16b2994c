import { SMTPServer } from 'smtp-server';
import { sleep } from '../../connect/stack/processes';
import {
  startMockDiscord,
  type MockDiscord,
  type ReceivedMessage,
} from '../../workers/discord/mock-discord';

/**
 * The mock Discord on a fixed port, able to go down and come back (a new server on the same
 * port). What it accepted, and how often it said 429, is kept across restarts.
 */
export async function restartableDiscord(port: number) {
  const received: ReceivedMessage[] = [];
  let rateLimitedBefore = 0;
  // Roomier than Discord's 5 per 2 s, so a long run can settle; 429s come from the storms.
  const start = () =>
    startMockDiscord({
      port,
      rateLimit: { limit: 40, windowMs: 1_000 },
      onMessage: (message) => received.push(message),
    });
  let current: MockDiscord | undefined = await start();
  const webhookUrl = current.webhookUrl;
  const rateLimitedNow = () => current?.requests.filter((r) => r.status === 429).length ?? 0;

  return {
    webhookUrl,
    received,
    rateLimited: () => rateLimitedBefore + rateLimitedNow(),
    async downFor(ms: number) {
      rateLimitedBefore += rateLimitedNow();
      await current?.close();
      current = undefined;
      await sleep(ms);
      current = await start();
    },
    /** The next `times` answers take `delayMs`: beyond the dispatcher's timeout, its outcome is unknown. */
    slow(times: number, delayMs: number) {
      current?.enqueue({ kind: 'slow', delayMs }, times);
    },
    rateLimitStorm(times: number, retryAfterSeconds: number, global: boolean) {
      current?.enqueue({ kind: 'rate-limit', retryAfterSeconds, global }, times);
    },
    /** Until every scripted misbehaviour has met a request, so faults never overlap. */
    async drained(timeoutMs: number): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while ((current?.scripted() ?? 0) > 0 && Date.now() < deadline) await sleep(100);
      return (current?.scripted() ?? 0) === 0;
    },
    close: async () => current?.close(),
  };
}
export type RestartableDiscord = Awaited<ReturnType<typeof restartableDiscord>>;

/** A real SMTP server on loopback that counts the welcome emails each address receives. */
export async function countingSmtp(port: number) {
  const byRecipient = new Map<string, number>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        for (const { address } of session.envelope.rcptTo)
          byRecipient.set(address, (byRecipient.get(address) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    byRecipient,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
