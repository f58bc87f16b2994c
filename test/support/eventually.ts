/** Polls `check` until it holds; fails after `timeoutMs` (a bound, never a measured duration). */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  await waitForValue(check, Boolean, timeoutMs);
}

/** Reads until `done(value)` holds and returns that value; the error shows the last one read. */
export async function waitForValue<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls `probe` until it returns a value (not undefined, null or false) and returns it. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  try {
    return (await waitForValue(probe, Boolean, timeoutMs)) as T;
  } catch (error) {
    throw new Error(`timed out waiting for ${what}`, { cause: error });
  }
}
