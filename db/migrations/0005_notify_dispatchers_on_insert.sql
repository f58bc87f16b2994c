-- Wakes idle dispatchers (LISTEN sipeat_notifications) whenever notification rows are written,
-- once per statement. The notice is delivered at commit and dropped on rollback, like the rows;
-- in the statement, it costs no extra round trip from the workers.
CREATE FUNCTION notify_dispatchers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sipeat_notifications', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER notifications_notify_dispatchers
  AFTER INSERT ON notifications
  FOR EACH STATEMENT EXECUTE FUNCTION notify_dispatchers();
