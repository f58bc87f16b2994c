import type pg from 'pg';

/** How far one entity has travelled through the pipeline, read from Postgres alone. */
export type PipelineTrace = {
  eventId?: string;
  topic?: string;
  partition?: number;
  offset?: string;
  outcome?: string;
  notifications: { status: string; messageId: string | null }[];
};

const outcomeQueries: Record<string, string> = {
  machine: `select status || coalesce(' (' || failure_reason || ')', '') as outcome
            from machines where id = $1 and status <> 'provisioning'`,
  request: `select status || coalesce(' (' || reason || ')', '') as outcome
            from drink_requests where id = $1 and status <> 'pending'`,
  contact: `select 'lead score ' || lead_score as outcome from contacts where id = $1 and lead_score is not null`,
};

/**
 * The event committed with an entity (outbox), where Kafka delivered it to the workers' group
 * (the inbox keeps topic, partition and offset), the handler's outcome, and the state of its Discord notifications.
 */
export async function tracePipeline(
  pool: pg.Pool,
  aggregateType: 'machine' | 'request' | 'contact',
  entityId: string,
  groupPrefix = 'sipeat',
): Promise<PipelineTrace> {
  const event = await pool.query<{ id: string }>(
    `select id from outbox where aggregatetype = $1 and aggregateid = $2`,
    [aggregateType, entityId],
  );
  const eventId = event.rows[0]?.id;
  if (!eventId) return { notifications: [] };

  const [inbox, outcome, notifications] = await Promise.all([
    pool.query<{ topic: string; partition: number; offset: string }>(
      `select topic, partition, "offset"::text as offset from inbox
       where event_id = $1 and consumer_group = $2 || '-' || $3 || '-processor'`,
      [eventId, groupPrefix, aggregateType],
    ),
    pool.query<{ outcome: string }>(outcomeQueries[aggregateType] as string, [entityId]),
    pool.query<{ status: string; messageId: string | null }>(
      `select status, discord_message_id as "messageId" from notifications where event_id = $1 order by seq`,
      [eventId],
    ),
  ]);
  return {
    eventId,
    ...inbox.rows[0],
    outcome: outcome.rows[0]?.outcome,
    notifications: notifications.rows,
  };
}

/** Delivered to Discord, or deliberately skipped because no webhook is configured. */
export function notificationsSettled(trace: PipelineTrace): boolean {
  return (
    trace.notifications.length > 0 &&
    trace.notifications.every((n) => n.status === 'delivered' || n.status === 'skipped')
  );
}
