import type pg from 'pg';
import type { ReceivedMessage } from '../../workers/discord/mock-discord';

export type EventTimes = {
  entityId: string;
  /** Epoch ms of the handler's commit (inbox.processed_at), if it happened. */
  handledAtMs?: number;
  /** Epoch ms the mock Discord received the entity's first notification, if it did. */
  discordAtMs?: number;
};

/**
 * For each entity: its event (the outbox row keyed by the entity id), that event's inbox row in
 * one of `consumerGroups`, and the Discord messages its notifications were delivered as (matched
 * to the mock's log by the message id the dispatcher stored).
 */
export async function readEventTimes(
  pool: pg.Pool,
  options: { entityIds: string[]; consumerGroups: string[]; received: ReceivedMessage[] },
): Promise<EventTimes[]> {
  const { rows } = await pool.query<{
    entity_id: string;
    handled_ms: string | null;
    message_ids: string[] | null;
  }>(
    `select ids.id as entity_id,
            extract(epoch from i.processed_at) * 1000 as handled_ms,
            (select array_agg(n.discord_message_id) from notifications n
              where n.aggregate_type = o.aggregatetype and n.aggregate_id = o.aggregateid
                and n.discord_message_id is not null) as message_ids
       from unnest($1::text[]) as ids(id)
       join outbox o on o.aggregateid = ids.id
       left join inbox i on i.event_id = o.id and i.consumer_group = any($2)`,
    [options.entityIds, options.consumerGroups],
  );
  const receivedAt = new Map(options.received.map((m) => [m.id, m.at]));
  return rows.map((row) => {
    const deliveries = (row.message_ids ?? [])
      .map((id) => receivedAt.get(id))
      .filter((at): at is number => at !== undefined);
    return {
      entityId: row.entity_id,
      ...(row.handled_ms !== null ? { handledAtMs: Number(row.handled_ms) } : {}),
      ...(deliveries.length > 0 ? { discordAtMs: Math.min(...deliveries) } : {}),
    };
  });
}
