import type { StackLayout } from '../../connect/stack/layout';
import { startKafka } from '../../connect/stack/kafka';
import { stopByPid } from '../../connect/stack/processes';
import { findJava } from '../../connect/stack/toolchain';

export type Outage = { stoppedAtMs: number; servingAgainAtMs: number; downSeconds: number };

/**
 * Stops the stack's Kafka broker through the launcher, keeps it down for `downSeconds`, and
 * starts it again, always: the restart sits in `finally`, since other work shares the broker.
 * Resolves once the broker answers metadata requests again.
 */
export async function brokerOutage(options: {
  layout: StackLayout;
  javaHome: string | undefined;
  downSeconds: number;
}): Promise<Outage> {
  const stoppedAtMs = Date.now();
  try {
    await stopByPid(options.layout.runDir, 'kafka');
    await new Promise((resolve) => setTimeout(resolve, options.downSeconds * 1000));
  } finally {
    await startKafka(options.layout, findJava(options.javaHome));
  }
  const servingAgainAtMs = Date.now();
  return {
    stoppedAtMs,
    servingAgainAtMs,
    downSeconds: Math.round((servingAgainAtMs - stoppedAtMs) / 100) / 10,
  };
}
