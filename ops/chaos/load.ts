import { randomUUID } from 'node:crypto';
import { sleep } from '../../connect/stack/processes';
import type { LeadInput } from '../../workers/contacts/lead-score';
import type { Random } from './random';

export type EntityKind = 'machine' | 'contact' | 'request';

/**
 * An entity whose POST got a 2xx: from here on, the system owes it a final state, and the one
 * the load meant (a machine in a restricted area must fail, any other must go into service).
 */
export type AcceptedEntity =
  | { kind: 'machine'; id: string; restricted: boolean }
  | { kind: 'request'; id: string }
  | { kind: 'contact'; id: string; lead: LeadInput };

export type ServerError = { at: number; status: number; route: string };

export type LoadResult = {
  startedAt: number;
  endedAt: number;
  offered: number;
  /** Ticks dropped because too many requests were already in flight (open loop, bounded). */
  skipped: number;
  accepted: AcceptedEntity[];
  /** A 4xx the load did not mean to provoke: a bug on one side or the other. */
  refused: { route: string; status: number; detail: string }[];
  /** Still no 2xx when the client's patience ran out: no row may exist for its key. */
  gaveUp: { route: string; idempotencyKey: string; lastOutcome: string }[];
  serverErrors: ServerError[];
};

export type LoadTarget = {
  apiUrl: string;
  adminToken: string;
  /** Active machines to request drinks at, and one in a restricted area (its requests fail). */
  machines: string[];
  restrictedMachine: string;
  drinks: string[];
  rate: number;
  random: Random;
  /** Distinguishes this run's contacts (their emails) from any other run's. */
  runTag: string;
};

/** Shares of the load; the harness sizes machine stock from the same figures. */
export const loadMix = {
  machines: 0.08,
  contacts: 0.2,
  requests: 0.72,
  /** Of new machines, those in a restricted area. */
  restrictedMachines: 0.25,
  /** Of requests, those at the machine in a restricted area. */
  requestsAtRestricted: 0.05,
  /** Of the other requests, those for the one popular drink (it sells out). */
  popularDrink: 0.33,
} as const;

const cities = [
  ['Germany', 'Berlin'],
  ['Switzerland', 'Zürich'],
  ['France', 'Lyon'],
  ['Japan', 'Ōsaka'],
] as const;
const restricted = [
  ['Monaco', 'Monte Carlo'],
  ['Antarctica', 'McMurdo'],
] as const;
const firstNames = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'];
const messages = [
  'Urgent: we need machines for our three offices before the launch.',
  'Could you send a price list?',
  'We are a school with 800 students and would like a machine in the canteen, ideally this term.',
  'Hello',
];

/**
 * A steady, open-loop mix of machines, contacts and drink requests, sent like a careful client
 * would: every POST carries an Idempotency-Key and is retried with the same key on a network
 * error, a timeout or a 5xx, so an answer lost to a crash never becomes a second row.
 */
export function startLoad(target: LoadTarget) {
  const { random } = target;
  const result: LoadResult = {
    startedAt: Date.now(),
    endedAt: 0,
    offered: 0,
    skipped: 0,
    accepted: [],
    refused: [],
    gaveUp: [],
    serverErrors: [],
  };
  const inFlight = new Set<Promise<void>>();
  let running = true;
  let sequence = 0;

  async function post(
    route: string,
    body: Record<string, unknown>,
    admin: boolean,
    accepted: (id: string) => AcceptedEntity,
  ): Promise<void> {
    const idempotencyKey = randomUUID();
    const deadline = Date.now() + 90_000;
    let lastOutcome = 'not sent';
    for (let attempt = 1; Date.now() < deadline; attempt += 1) {
      try {
        const response = await fetch(`${target.apiUrl}${route}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': idempotencyKey,
            ...(admin ? { authorization: `Bearer ${target.adminToken}` } : {}),
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        const answer = (await response.json().catch(() => ({}))) as {
          id?: string;
          detail?: string;
        };
        lastOutcome = `HTTP ${response.status}`;
        if (response.status >= 200 && response.status < 300 && answer.id) {
          result.accepted.push(accepted(answer.id));
          return;
        }
        if (response.status >= 500) {
          result.serverErrors.push({ at: Date.now(), status: response.status, route });
        } else if (response.status !== 409) {
          // 409: a concurrent attempt with this key is still being written; ask again.
          result.refused.push({ route, status: response.status, detail: answer.detail ?? '' });
          return;
        }
      } catch (error) {
        lastOutcome = (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed';
      }
      await sleep(Math.min(2_000, 100 * 2 ** attempt));
    }
    result.gaveUp.push({ route, idempotencyKey, lastOutcome });
  }

  function nextRequest(): () => Promise<void> {
    sequence += 1;
    const roll = random.next();
    if (roll < loadMix.machines) {
      const isRestricted = random.chance(loadMix.restrictedMachines);
      const [country, city] = isRestricted ? random.pick(restricted) : random.pick(cities);
      const body = { name: `Chaos ${target.runTag} #${sequence}`, country, city };
      return () =>
        post('/machines', body, true, (id) => ({ kind: 'machine', id, restricted: isRestricted }));
    }
    if (roll < loadMix.machines + loadMix.contacts) {
      const name = random.pick(firstNames);
      const lead = {
        email: `${name.toLowerCase()}.${target.runTag}.${sequence}@example.org`,
        companyName: random.chance(0.5) ? `Company ${sequence}` : null,
        message: random.pick(messages),
      };
      const body = {
        ...lead,
        name: `${name} Chaos`,
        phone: `+49 30 ${random.int(1_000_000, 9_999_999)}`,
      };
      return () => post('/contacts', body, false, (id) => ({ kind: 'contact', id, lead }));
    }
    // Most requests go to the working machines; a third of those ask for the same drink, so
    // its stock runs out and later ones are refused on purpose. A few go to the machine in a
    // restricted area, which never went into service.
    const machineId = random.chance(loadMix.requestsAtRestricted)
      ? target.restrictedMachine
      : random.pick(target.machines);
    const drinkId = random.chance(loadMix.popularDrink)
      ? (target.drinks[0] as string)
      : random.pick(target.drinks);
    const body = { customerName: `${random.pick(firstNames)} ${sequence}`, drinkId, machineId };
    return () => post('/requests', body, false, (id) => ({ kind: 'request', id }));
  }

  const loop = (async () => {
    const intervalMs = 1_000 / target.rate;
    for (let tick = 0; running; tick += 1) {
      const due = result.startedAt + tick * intervalMs;
      if (due > Date.now()) await sleep(due - Date.now());
      if (!running) break;
      const send = nextRequest();
      result.offered += 1;
      if (inFlight.size >= 64) {
        result.skipped += 1;
        continue;
      }
      const pending = send().finally(() => inFlight.delete(pending));
      inFlight.add(pending);
    }
  })();

  return {
    result,
    /** Stops offering new requests and waits for those in flight to finish their retries. */
    async stop(): Promise<LoadResult> {
      running = false;
      await loop;
      await Promise.all([...inFlight]);
      result.endedAt = Date.now();
      return result;
    },
  };
}
