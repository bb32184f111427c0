import { deriveThreadId, normalizeMessageId, parseMessageIdList, syntheticMessageId } from '../index';

describe('normalizeMessageId', () => {
  it('takes linear time on a long run of separators (the old trailing-separator regex was quadratic)', () => {
    const started = Date.now();
    expect(normalizeMessageId(`${','.repeat(200_000)}x${'>'.repeat(5)}`)).toBe('<x>');
    expect(normalizeMessageId(`x${','.repeat(200_000)}y`)).toBe(`<x${','.repeat(200_000)}y>`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['abc@host', '<abc@host>'],
    ['<abc@host>', '<abc@host>'],
    ['  <abc @host>  ', '<abc@host>'],
    ['<abc@host> (comment)', '<abc@host>'],
    ['<abc@host,>', '<abc@host>'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeMessageId(input)).toBe(expected);
  });

  it.each(['', '   ', '<>', undefined, null])('returns undefined for %j', (input) => {
    expect(normalizeMessageId(input)).toBeUndefined();
  });
});

describe('parseMessageIdList', () => {
  it('splits bracketed, bare and comma-separated ids, dropping repeats', () => {
    expect(parseMessageIdList('<a@x> <b@y>\r\n <a@x>')).toEqual(['<a@x>', '<b@y>']);
    expect(parseMessageIdList('a@x, b@y')).toEqual(['<a@x>', '<b@y>']);
    expect(parseMessageIdList(['<a@x>', 'b@y'])).toEqual(['<a@x>', '<b@y>']);
    expect(parseMessageIdList(undefined)).toEqual([]);
  });
});

describe('deriveThreadId', () => {
  it('is the first References entry when there is one', () => {
    expect(deriveThreadId({ messageId: '<c@x>', inReplyTo: '<b@x>', references: ['<a@x>', '<b@x>'] })).toBe('<a@x>');
  });

  it('falls back to In-Reply-To, then to the message itself', () => {
    expect(deriveThreadId({ messageId: '<c@x>', inReplyTo: 'b@x', references: [] })).toBe('<b@x>');
    expect(deriveThreadId({ messageId: 'c@x' })).toBe('<c@x>');
  });

  it('rejects an empty Message-ID', () => {
    expect(() => deriveThreadId({ messageId: ' ' })).toThrow(TypeError);
  });
});

describe('syntheticMessageId', () => {
  const parts = { from: 'a@example.com', date: 'Sat, 05 Jul 2025 16:20:00 +0000', subject: 'Hi', body: 'Hello' };

  it('is stable for the same content and changes with it', () => {
    expect(syntheticMessageId(parts)).toBe(syntheticMessageId({ ...parts }));
    expect(syntheticMessageId(parts)).toMatch(/^<[0-9a-f]{64}@orchestrator\.local>$/);
    expect(syntheticMessageId({ ...parts, body: 'Hello!' })).not.toBe(syntheticMessageId(parts));
    expect(syntheticMessageId({ ...parts, subject: 'H', body: 'iHello' })).not.toBe(syntheticMessageId(parts));
  });
});
