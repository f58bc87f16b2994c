import { z } from 'zod';
import { HttpProblem } from './problem';

const uuid = z.uuid();

/** A 404 for the resource; ids that are not uuids cannot exist, so they get the same answer. */
export function resourceNotFound(noun: string, id: string): HttpProblem {
  return new HttpProblem(404, {
    title: 'Not Found',
    detail: `no ${noun} with id ${JSON.stringify(id.slice(0, 64))}`,
  });
}

/** The path id when it is a uuid; anything else is a 404 without touching the database. */
export function resourceId(value: string, noun: string): string {
  if (!uuid.safeParse(value).success) throw resourceNotFound(noun, value);
  return value;
}
