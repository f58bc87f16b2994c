import { DomainError } from '../../lib/errors';

/**
 * A request the chain cannot fulfil. `status` is what the request ends as: `rejected` when it
 * never could be served (sold out, machine off, card declined), `failed` when serving it broke.
 * `customerReason` is shown to the customer as is, so it names no internals.
 */
export class RequestRefusal extends DomainError {
  constructor(
    code: string,
    readonly status: 'rejected' | 'failed',
    readonly customerReason: string,
    options: { cause?: unknown } = {},
  ) {
    super(code, customerReason, options);
    this.name = 'RequestRefusal';
  }
}
