-- Debezium needs only the outbox's inserts. With deletes published as well, every row the
-- retention purge removes (api/persistence/outbox-retention.ts) would still travel through
-- Debezium, just for its EventRouter to drop it. The name is connect/connector.json's
-- publication.name; the connector finds the publication here and uses it as it is.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'sipeat_outbox_pub') THEN
    ALTER PUBLICATION sipeat_outbox_pub SET (publish = 'insert');
  ELSE
    CREATE PUBLICATION sipeat_outbox_pub FOR TABLE outbox WITH (publish = 'insert');
  END IF;
END $$;
