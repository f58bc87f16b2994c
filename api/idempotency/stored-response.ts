import type { SqlClient } from '../persistence/sql-client';

export type StoredResponse = {
  requestHash: string;
  statusCode: number;
  responseBody: unknown;
  location: string | null;
};

const selectStored: { name: string; text: string } = {
  name: 'idempotency_keys_select',
  text:
    'SELECT request_hash, status_code, response_body, location FROM idempotency_keys ' +
    'WHERE scope = $1 AND key = $2',
};

/** The committed answer to an earlier request with this key, if there is one. */
export async function findStoredResponse(
  client: SqlClient,
  scope: string,
  key: string,
): Promise<StoredResponse | undefined> {
  const result = await client.query<{
    request_hash: string;
    status_code: number;
    response_body: unknown;
    location: string | null;
  }>({ ...selectStored, values: [scope, key] });
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    requestHash: row.request_hash,
    statusCode: row.status_code,
    responseBody: row.response_body,
    location: row.location,
  };
}
