import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string) => Object.assign(new Error('driver error'), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises a server that is down, stopping, starting or cut off', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006'])
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('looks through wrappers (drizzle puts the driver error in cause)', () => {
    const wrapped = new Error('Failed query', { cause: withCode('57P01') });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it('stops at a domain error: an outside system timing out is not a lost database', () => {
    const adapterTimeout = Object.assign(
      new Error('mail timed out', { cause: withCode('ETIMEDOUT') }),
      { name: 'DomainError' },
    );
    expect(isDatabaseUnavailable(adapterTimeout)).toBe(false);
  });

  it('leaves statement failures and bugs alone', () => {
    for (const error of [
      withCode('23505'),
      withCode('40001'),
      new TypeError('x is undefined'),
      'text',
    ])
      expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
