import type { Admin } from 'kafkajs';

/**
 * Waits until the given topics grow by at most `tolerance` records over two seconds: whatever
 * Debezium still had to stream (a write benchmark's rows, say) has arrived, so a group started
 * at the topics' ends afterwards sees only this run's events. Gives up after `timeoutSeconds`.
 */
export async function waitForQuietTopics(
  admin: Admin,
  topics: string[],
  options: { tolerance: number; timeoutSeconds: number },
): Promise<boolean> {
  const total = async () => {
    let sum = 0;
    for (const topic of topics)
      for (const { high } of await admin.fetchTopicOffsets(topic)) sum += Number(high);
    return sum;
  };
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let before = await total();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const now = await total();
    if (now - before <= options.tolerance) return true;
    before = now;
  }
  return false;
}
