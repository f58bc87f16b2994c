import { createHash } from 'node:crypto';

/** The places an outside system can be made to fail. */
export const faultPoints = [
  'payment',
  'dispense',
  'jam',
  'inventory',
  'network',
  'mail',
  'crm',
  'sms',
] as const;
export type FaultPoint = (typeof faultPoints)[number];

/**
 * Decides whether an adapter call fails. `key` names what the call is about (a request id, a
 * machine id, an address), so a decision is the same on every redelivery of an event.
 */
export type FaultInjector = {
  failure(point: FaultPoint, key: string): Fault | undefined;
};

/** `timeout` stands for a slow outside system (retriable); `refusal` for a definite "no". */
export type Fault = { kind: 'refusal' | 'timeout' };

export const noFaults: FaultInjector = { failure: () => undefined };

/**
 * Random-looking but reproducible failures at fixed rates, for demos: the same seed, point and
 * key always give the same answer, which keeps a redelivered event on the path it took first.
 */
export function seededFaults(options: {
  rates: Partial<Record<FaultPoint, number>>;
  seed: number;
}): FaultInjector {
  return {
    failure(point, key) {
      const rate = options.rates[point] ?? 0;
      if (rate <= 0) return undefined;
      const digest = createHash('sha256').update(`${options.seed}:${point}:${key}`).digest();
      return digest.readUInt32BE(0) / 0x1_0000_0000 < rate ? { kind: 'refusal' } : undefined;
    },
  };
}

/** Failures a test asks for by name: "decline the payment of this request". */
export function targetedFaults() {
  const planned = new Map<string, Fault>();
  const injector: FaultInjector & {
    fail(point: FaultPoint, key: string, fault?: Fault): void;
  } = {
    failure: (point, key) => planned.get(`${point}:${key}`),
    fail(point, key, fault = { kind: 'refusal' }) {
      planned.set(`${point}:${key}`, fault);
    },
  };
  return injector;
}

/**
 * Parses `payment:0.05,dispense:0.02,inventory:0.1;seed=42`. Returns the problems found
 * instead of throwing, so the entry point can list them with the rest of its configuration.
 */
export function parseFaultSpec(
  spec: string,
):
  | { ok: true; rates: Partial<Record<FaultPoint, number>>; seed: number }
  | { ok: false; problem: string } {
  const [ratesPart = '', ...options] = spec.split(';');
  const rates: Partial<Record<FaultPoint, number>> = {};
  for (const entry of ratesPart.split(',').filter(Boolean)) {
    const [point, rateText] = entry.split(':').map((s) => s.trim());
    const rate = Number(rateText);
    if (!faultPoints.includes(point as FaultPoint) || !(rate >= 0 && rate <= 1)) {
      return { ok: false, problem: `bad fault entry "${entry}" (point:rate, rate in [0, 1])` };
    }
    rates[point as FaultPoint] = rate;
  }
  const seedOption = options.map((o) => o.trim()).find((o) => o.startsWith('seed='));
  const seed = seedOption ? Number(seedOption.slice('seed='.length)) : 1;
  if (!Number.isInteger(seed)) return { ok: false, problem: 'fault seed must be an integer' };
  return { ok: true, rates, seed };
}
