import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from '../../lib/logger';
import { databaseProblem } from './database-problem';
import { HttpProblem, problemContentType } from './problem';

/** Renders a problem as application/problem+json, keeping headers middleware already set. */
export function problemResponse(c: Context, problem: HttpProblem): Response {
  return c.body(JSON.stringify(problem), problem.status as 400, {
    'content-type': problemContentType,
    ...problem.headers,
  });
}

/**
 * The one mapping from thrown errors to answers: our problems as they are, Postgres errors by
 * class (a unique violation is a 409, never a 500), anything else a 500 that is logged once here.
 */
export function problemHandlers(logger: Logger): {
  onError: ErrorHandler;
  notFound: NotFoundHandler;
} {
  const onError: ErrorHandler = function onError(error, c) {
    if (error instanceof HttpProblem) return problemResponse(c, error);

    if (error instanceof HTTPException) {
      const status = error.status;
      return problemResponse(
        c,
        new HttpProblem(status, {
          title: statusTitle(status),
          detail: error.message || statusTitle(status),
        }),
      );
    }

    const fromDatabase = databaseProblem(error);
    if (fromDatabase) {
      const pgCode = (fromDatabase.cause as { code?: string } | undefined)?.code;
      if (fromDatabase.status >= 500)
        logger.warn({ pgCode, requestId: c.get('requestId') }, 'database unavailable');
      return problemResponse(c, fromDatabase);
    }

    // Message and stack only: driver errors can carry bound values (personal data) in `detail`.
    logger.error(
      { requestId: c.get('requestId'), error: error.message, stack: error.stack },
      'unhandled error',
    );
    return problemResponse(
      c,
      new HttpProblem(500, {
        title: 'Internal Server Error',
        detail: `unexpected error; quote request id ${String(c.get('requestId') ?? '')}`,
      }),
    );
  };

  const notFound: NotFoundHandler = function notFound(c) {
    return problemResponse(
      c,
      new HttpProblem(404, {
        title: 'Not Found',
        detail: `no route for ${c.req.method} ${c.req.path}`,
      }),
    );
  };

  return { onError, notFound };
}

function statusTitle(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    413: 'Content Too Large',
    415: 'Unsupported Media Type',
  };
  return titles[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
