import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { OutboxEvent } from '../../events/registry';
import { idempotencyKeyFrom, requestHash } from '../idempotency/idempotency-key';
import { findStoredResponse, type StoredResponse } from '../idempotency/stored-response';
import { readJsonBody } from '../http/json-body';
import { HttpProblem, problemTypes } from '../http/problem';
import { parseInput } from '../http/validation';
import type { Db } from '../../db/client';
import type { SqlClient } from './sql-client';
import {
  entityWithEventParams,
  writeEntityWithEvent,
  type NamedStatement,
} from './write-entity-with-event';

export type WriteDeps = { db: Db; sql: SqlClient; clock: () => Date; newId: () => string };

/** What a POST needs to know about its resource; the flow around it is the same for all. */
export type ResourceWriter<I, V> = {
  /** Idempotency keys are scoped per route, e.g. 'POST /contacts'. */
  scope: string;
  /** Used in messages: 'contact', 'drink request'. */
  noun: string;
  input: z.ZodType<I>;
  /** Re-applied to a replayed body so it is byte-identical to the first answer. */
  view: z.ZodType<V>;
  statements: { plain: NamedStatement; keyed: NamedStatement };
  /**
   * Builds the row values, the outbox event and the answer. `newId` is called for the entity id
   * first and then (inside buildEvent) for the event id.
   */
  prepare(
    input: I,
    deps: { now: Date; newId: () => string },
  ): { entityParams: unknown[]; event: OutboxEvent; view: V; location: string };
  /** The problem to answer when the statement's guard refused the write. */
  refused?(flags: Record<string, boolean>, input: I): HttpProblem | undefined;
};

/**
 * The POST flow: validate, then write entity + outbox row (+ idempotency record) in one
 * statement, and answer 201 or replay what an earlier request with the same key got.
 */
export function createHandler<I, V>(deps: WriteDeps, writer: ResourceWriter<I, V>) {
  return async function createResource(c: Context): Promise<Response> {
    const key = idempotencyKeyFrom(c.req.header('idempotency-key'));
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
    const body = await readJsonBody({
      headers: c.req.raw.headers,
      body: incoming ?? c.req.raw.body,
    });
    const input = parseInput(writer.input, body, writer.noun);

    const prepared = writer.prepare(input, { now: deps.clock(), newId: deps.newId });
    const idempotency =
      key === undefined
        ? undefined
        : {
            scope: writer.scope,
            key,
            requestHash: requestHash(input),
            statusCode: 201,
            responseBody: prepared.view,
            location: prepared.location,
          };
    const statement = idempotency ? writer.statements.keyed : writer.statements.plain;
    const outcome = await writeEntityWithEvent(
      deps.sql,
      statement,
      entityWithEventParams(prepared.entityParams, prepared.event, idempotency),
    );

    if (outcome.created)
      return c.json(prepared.view as object, 201, { location: prepared.location });

    if (idempotency) {
      const stored = await findStoredResponse(deps.sql, idempotency.scope, idempotency.key);
      if (stored) return replay(c, writer.view, stored, idempotency.requestHash);
    }
    const refusal = writer.refused?.(outcome.flags, input);
    if (refusal) throw refusal;
    throw new HttpProblem(409, {
      type: problemTypes.conflict,
      title: 'Conflict',
      detail: `the ${writer.noun} was not written because a concurrent request interfered; retry`,
    });
  };
}

function replay<V>(c: Context, view: z.ZodType<V>, stored: StoredResponse, hash: string): Response {
  if (stored.requestHash !== hash) {
    throw new HttpProblem(422, {
      type: problemTypes.idempotencyKeyReused,
      title: 'Idempotency key reused',
      detail:
        'this Idempotency-Key was already used with a different request body; ' +
        'use a new key for a new request',
    });
  }
  const headers: Record<string, string> = { 'idempotent-replayed': 'true' };
  if (stored.location !== null) headers.location = stored.location;
  // jsonb reorders keys; parsing through the view restores the order of the first answer.
  const body = view.parse(stored.responseBody) as object;
  return c.json(body, stored.statusCode as 201, headers);
}
