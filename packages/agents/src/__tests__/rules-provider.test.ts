import { createAgents } from '../agent';
import { AgentOutputInvalidError } from '../errors';
import { findDates } from '../providers/rules/dates';
import { findMoney, parseNumber } from '../providers/rules/numbers';
import { RULES_MODEL, RulesProvider } from '../providers/rules/rules-provider';
import { summarizeThreadTask } from '../tasks/summarize-thread';
import type { AgentTask } from '../task';
import { z } from 'zod';
import { ALL_EMAILS, PURCHASE_REQUESTS, QUOTES } from './fixtures/fixtures';

const agents = createAgents(new RulesProvider());

describe(parseNumber, () => {
  it.each([
    ['15.000,00', 15000],
    ['15,000.00', 15000],
    ['15 000', 15000],
    ["1'390.-", 1390],
    ['1.234,5', 1234.5],
    ['12,50', 12.5],
    ['1.500', 1500],
    ['2.5', 2.5],
    ['12k', 12000],
  ])('%s -> %d', (raw, value) => {
    expect(parseNumber(raw)).toBe(value);
  });
});

describe(findMoney, () => {
  it('reads symbols and codes before or after the amount', () => {
    expect(findMoney("Budget €1,500, or 1.200,00 EUR, max USD 9,000 and £45.00 each, CHF 1'390.-").map((m) => [m.currency, m.amount])).toEqual([
      ['EUR', 1500],
      ['EUR', 1200],
      ['USD', 9000],
      ['GBP', 45],
      ['CHF', 1390],
    ]);
  });
});

describe(findDates, () => {
  const receivedAt = '2026-11-20T09:00:00Z';
  it.each([
    ['by 2026-12-15', '2026-12-15'],
    ['by 15 December 2026', '2026-12-15'],
    ['by Dec 15', '2026-12-15'],
    ['by Jan 15', '2027-01-15'],
    ['bis 04.12.2026', '2026-12-04'],
    ['avant le 10 janvier 2027', '2027-01-10'],
    ['within two weeks', '2026-12-04'],
    ['by end of month', '2026-11-30'],
  ])('%s -> %s', (text, date) => {
    expect(findDates(text, receivedAt)[0]?.date).toBe(date);
  });
});

describe(RulesProvider, () => {
  it('is deterministic and reports rules-v1 usage', async () => {
    const email = PURCHASE_REQUESTS[0].email;
    const a = await agents.classifyThread(email);
    const b = await agents.classifyThread(email);
    expect(a.output).toEqual(b.output);
    expect(a.usage).toEqual({
      provider: 'rules',
      model: RULES_MODEL,
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
      latencyMs: expect.any(Number),
      attempts: 1,
    });
    expect(a.usage.inputTokens).toBeGreaterThan(0);
  });

  it('returns JSON-serialisable results for every fixture and task', async () => {
    for (const { email } of ALL_EMAILS) {
      const results = [await agents.classifyThread(email), await agents.summarizeThread({ messages: [email] })];
      for (const result of results) expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
  });

  it('summarises a thread within the bound and keeps key facts', async () => {
    const messages = [...PURCHASE_REQUESTS.slice(0, 3), ...QUOTES.slice(0, 3)].map((e) => e.email);
    const { output } = await agents.summarizeThread({ messages, maxChars: 400 });
    expect(output.summary.length).toBeLessThanOrEqual(400);
    expect(output.messageCount).toBe(6);
    expect(output.participants[0]).toBe('maria.schmidt@acme.example');
    expect(output.keyFacts).toEqual(expect.arrayContaining(['EUR 6500.00', '2026-12-15', 'EUR 5691.00']));
  });

  it('rejects a task it has no rules for', async () => {
    const task: AgentTask<unknown, { x: number }> = { name: 'unknown_task', schema: z.object({ x: z.number() }), prompt: () => ({ system: '', user: '' }) };
    await expect(new RulesProvider().complete(task, {})).rejects.toThrow('no rules for task unknown_task');
  });

  it('answers tasks whose rules it is given, keeping the built-in ones', async () => {
    const task: AgentTask<{ n: number }, { twice: number }> = {
      name: 'double_it',
      schema: z.object({ twice: z.number() }),
      prompt: (input) => ({ system: 'double', user: String(input.n) }),
    };
    const provider = new RulesProvider({ rules: { double_it: (input: { n: number }) => ({ twice: input.n * 2 }) } });
    expect((await provider.complete(task, { n: 21 })).output).toEqual({ twice: 42 });
    expect(provider.tasks).toEqual([...RulesProvider.tasks, 'double_it']);
    expect((await createAgents(provider).classifyThread(PURCHASE_REQUESTS[0].email)).output.flow).toBe('procurement');
    // Given rules are validated like built-in ones; other instances do not see them.
    await expect(new RulesProvider({ rules: { double_it: () => ({ twice: 'no' }) } }).complete(task, { n: 1 })).rejects.toBeInstanceOf(AgentOutputInvalidError);
    await expect(new RulesProvider().complete(task, { n: 1 })).rejects.toThrow('no rules for task double_it');
  });

  it('refuses to replace built-in rules', () => {
    expect(() => new RulesProvider({ rules: { classify_thread: () => ({}) } })).toThrow('rules for classify_thread are built in');
  });

  it('has rules for the thread core’s tasks only (a flow brings its own)', () => {
    expect([...RulesProvider.tasks].sort()).toEqual(['classify_thread', 'summarize_thread']);
  });

  it('does not take inherited object keys for task names', async () => {
    const task: AgentTask<unknown, unknown> = { name: 'constructor', schema: z.unknown(), prompt: () => ({ system: '', user: '' }) };
    await expect(new RulesProvider().complete(task, {})).rejects.toThrow('no rules for task constructor');
  });

  it('validates its own output against the task schema', async () => {
    const broken: AgentTask<unknown, unknown> = { ...summarizeThreadTask, name: 'classify_thread' } as AgentTask<unknown, unknown>;
    await expect(new RulesProvider().complete(broken, PURCHASE_REQUESTS[0].email)).rejects.toBeInstanceOf(AgentOutputInvalidError);
  });
});
