import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../events';
import { decodeEvent } from './decode-event';
import type { InboundMessage } from './inbound-message';

function record(value: string | null, headers: Record<string, string> = {}): InboundMessage {
  return {
    topic: 't',
    partition: 0,
    offset: '0',
    key: 'k',
    value: value === null ? null : Buffer.from(value),
    headers,
  };
}

describe('decode event', () => {
  const { payload } = buildEvent('request.created', 'r', {
    requestId: '5b0c1e39-8a51-4d1f-9f7e-0d3c1b2a4e5f',
    customerName: 'Ada',
    drinkId: 'espresso',
    machineId: '0c9e7a34-2f9b-4c1e-8d0a-6b5f4e3d2c1b',
  });

  it('accepts an envelope whose headers agree with it', () => {
    const value = JSON.stringify(payload);
    expect(decodeEvent(record(value, { id: payload.id, eventType: payload.type }))).toEqual(
      payload,
    );
  });

  it.each([
    ['an empty value', record(null), 'empty_value'],
    ['bad JSON', record('{'), 'malformed_json'],
    ['an unknown type', record(JSON.stringify({ ...payload, type: 'x.y' })), 'unknown_event_type'],
    ['a schema violation', record(JSON.stringify({ ...payload, data: {} })), 'invalid_event'],
    ['a mismatched id header', record(JSON.stringify(payload), { id: 'other' }), 'header_mismatch'],
  ])('refuses %s permanently', (_name, message, code) => {
    expect(() => decodeEvent(message)).toThrow(expect.objectContaining({ code, retriable: false }));
  });
});
