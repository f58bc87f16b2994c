import { z } from 'zod';
import { problemContentType } from './problem';

/** The RFC 9457 body every error answer carries, for the OpenAPI document. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

/** OpenAPI responses for the given error statuses, all problem+json. */
export function problemResponses(statuses: Record<number, string>) {
  return Object.fromEntries(
    Object.entries(statuses).map(([status, description]) => [
      status,
      { description, content: { [problemContentType]: { schema: problemSchema } } },
    ]),
  );
}

/** The error answers every JSON POST can give. */
export const postProblems = problemResponses({
  400: 'Malformed JSON, invalid UTF-8 or a bad Idempotency-Key',
  409: 'Conflicts with an existing row',
  413: 'Body larger than 64 KiB',
  415: 'Content-Type is not application/json',
  422: 'Validation failed (every bad field is listed), or the Idempotency-Key was used with another body',
});

export const idempotencyKeyHeader = z.string().min(1).max(200).optional().meta({
  description:
    'Makes the POST safe to retry: a repeat with the same key and body gets the original answer',
});

export const idParam = z.object({ id: z.uuid() });
