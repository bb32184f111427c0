import { PAYLOAD_LIMITS, serializedPayloadBytes } from './payload-size';

describe(serializedPayloadBytes, () => {
  it.each([
    ['ascii', { text: 'hello' }],
    ['two-byte characters', { text: 'héllo' }],
    ['three-byte characters', { text: '日本語' }],
    ['surrogate pairs', { text: '😀😀' }],
    ['escaped control characters', { text: '\u0000\u0001\n"\\' }],
    ['a lone surrogate (escaped by JSON.stringify)', { text: 'a\ud800b' }],
    ['nested values', { a: [1, 2, { b: null }], c: true }],
  ])('is the UTF-8 length of the JSON for %s', (_, value) => {
    expect(serializedPayloadBytes(value)).toBe(Buffer.byteLength(JSON.stringify(value), 'utf8'));
  });

  it('is 0 for what JSON cannot represent', () => {
    expect(serializedPayloadBytes(undefined)).toBe(0);
  });

  it('keeps the budgets under Temporal’s blob limit', () => {
    expect(PAYLOAD_LIMITS.signalBudgetBytes).toBeLessThan(PAYLOAD_LIMITS.maxPayloadBytes);
    expect(PAYLOAD_LIMITS.maxPayloadBytes).toBeLessThan(PAYLOAD_LIMITS.temporalBlobBytes);
  });
});
