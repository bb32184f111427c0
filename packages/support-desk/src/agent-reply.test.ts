import type { SubmitAgentReplyInput } from './agent-reply';
import { InvalidPayloadError } from '@org/orchestrator-contracts';
import { assertAgentReply, isKnownAgent, MAX_AGENT_REPLY_LENGTH, validateAgentReply } from './agent-reply';

const agents = ['ana@shop.example', { email: 'Ben@Shop.example', name: 'Ben' }];

describe(isKnownAgent, () => {
  it('knows agents by address, case-insensitively, in either directory form', () => {
    expect(isKnownAgent('ana@shop.example', agents)).toBe(true);
    expect(isKnownAgent('"Ben" <ben@SHOP.example>', agents)).toBe(true);
    expect(isKnownAgent('ana+x@shop.example', agents)).toBe(false);
    expect(isKnownAgent('mallory@evil.example', agents)).toBe(false);
    expect(isKnownAgent('', agents)).toBe(false);
  });
});

describe(validateAgentReply, () => {
  it('accepts a known agent with a reply, normalised', () => {
    expect(validateAgentReply({ agent: 'Ana@shop.example', reply: '  Hi Tom, it ships today.\n' }, agents)).toEqual({
      ok: true,
      value: { agent: 'ana@shop.example', reply: 'Hi Tom, it ships today.' },
    });
  });

  it('reports every issue with its field and code', () => {
    const result = validateAgentReply({ agent: 'mallory@evil.example', reply: ' \n ' }, agents);
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'agent', code: 'unknown-agent', message: '"mallory@evil.example" is not a known support agent' },
        { path: 'reply', code: 'reply-empty', message: 'reply must not be empty' },
      ],
    });
  });

  it('rejects payloads of the wrong shape and overlong replies', () => {
    const wrong = (value: unknown) => validateAgentReply(value as SubmitAgentReplyInput, agents);
    expect(wrong(null)).toMatchObject({ ok: false, issues: [{ code: 'not-an-object' }] });
    expect(wrong({ agent: 42 })).toMatchObject({
      ok: false,
      issues: [{ code: 'agent-missing' }, { code: 'reply-missing' }],
    });
    expect(wrong({ agent: 'ana@shop.example', reply: 'x'.repeat(MAX_AGENT_REPLY_LENGTH + 1) })).toMatchObject({
      ok: false,
      issues: [{ path: 'reply', code: 'reply-too-long' }],
    });
  });
});

describe(assertAgentReply, () => {
  it('returns the normalised reply, or throws naming every issue', () => {
    expect(assertAgentReply({ agent: 'BEN@shop.example', reply: 'Done.' }, agents)).toEqual({
      agent: 'ben@shop.example',
      reply: 'Done.',
    });
    expect(() => assertAgentReply({ agent: 'x@evil.example', reply: '' }, agents)).toThrow(InvalidPayloadError);
    expect(() => assertAgentReply({ agent: 'x@evil.example', reply: '' }, agents)).toThrow(
      /agent: "x@evil.example" is not a known support agent; reply: reply must not be empty/,
    );
  });
});
