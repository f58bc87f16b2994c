import { DomainError } from '../../lib/errors';

/**
 * The row an event is about was not found. The API commits the row and its outbox row in one
 * transaction, so it exists; but it can be invisible for a moment: Postgres hands a commit to
 * logical decoding once its WAL record is flushed, just before other sessions' snapshots count
 * it as committed, and a backend descheduled in between stretches that moment. Seen at 200
 * events/s on 2 cores: the event reached a worker before its row could be read, and was
 * dead-lettered. So the event is tried again. A row still missing after every attempt is a bug:
 * a drink request or machine event then goes to the dead-letter topic; a contact event is
 * settled with the CRM update reported as failed, like any strategy that fails on the last try.
 */
export function rowNotVisible(entity: string, id: string): DomainError {
  return new DomainError(`${entity}_not_visible`, `${entity} ${id} is not visible (yet)`, {
    retriable: true,
  });
}
