import type { z } from 'zod';
import { HttpProblem, problemTypes, type FieldError } from './problem';

/** Lists every issue, one entry per field; unknown keys become one entry each, named by key. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        message: 'unknown field',
      }));
    }
    return [{ path, message: issue.message }];
  });
}

/** Parses `value` or throws a 422 problem that names every bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = fieldErrors(parsed.error);
  throw new HttpProblem(422, {
    type: problemTypes.validation,
    title: 'Validation failed',
    detail: `the ${what} has ${errors.length} invalid field(s); see errors`,
    errors,
  });
}
