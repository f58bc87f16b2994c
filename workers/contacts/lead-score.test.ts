import { describe, expect, it } from 'vitest';
import { leadScore } from './lead-score';

describe('lead score', () => {
  it('rates a detailed, urgent business lead above a vague free-mail one', () => {
    const strong = leadScore({
      companyName: 'Acme GmbH',
      email: 'buyer@acme.example',
      message: 'We need machines for three offices urgently. '.repeat(5),
    });
    const weak = leadScore({ companyName: null, email: 'someone@gmail.com', message: 'hi' });
    expect(weak).toBe(10);
    expect(strong).toBe(100);
  });

  it('counts each signal once', () => {
    expect(leadScore({ companyName: '  ', email: 'a@gmail.com', message: 'asap asap asap' })).toBe(
      30,
    );
  });
});
