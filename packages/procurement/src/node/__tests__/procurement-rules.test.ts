import type { AgentEmail, AgentResult } from '@org/orchestrator-agents';
import { RULES_MODEL, RulesProvider, createAgents, responseJsonSchema, runAgentTask } from '@org/orchestrator-agents';
import { loadSet } from '@org/orchestrator-agents/eval';
import type { LabelledEmail } from '@org/orchestrator-agents/eval';
import { PROCUREMENT_RULES } from '../procurement-rules';
import { extractPurchaseRequestTask } from '../tasks/extract-purchase-request';
import type { ExtractPurchaseRequestOutput } from '../tasks/extract-purchase-request';
import { readQuoteTask } from '../tasks/read-quote';
import type { ReadQuoteOutput } from '../tasks/read-quote';

// The procurement flow's agent tasks answered by its offline rules, on the agents' labelled fixture
// emails (one corpus, read through `@org/orchestrator-agents/eval`) and on phrases written here.
const provider = new RulesProvider({ rules: PROCUREMENT_RULES });
const agents = {
  classifyThread: createAgents(provider).classifyThread,
  extractPurchaseRequest: (email: AgentEmail): Promise<AgentResult<ExtractPurchaseRequestOutput>> => runAgentTask(provider, extractPurchaseRequestTask, email),
  readQuote: (email: AgentEmail): Promise<AgentResult<ReadQuoteOutput>> => runAgentTask(provider, readQuoteTask, email),
};
const FIXTURES = [...loadSet('fixtures'), ...loadSet('fixtures-held-out')];
function fixture(id: string): LabelledEmail {
  const found = FIXTURES.find((e) => e.id === id);
  if (!found) throw new Error(`no fixture ${id}`);
  return found;
}
const base = (e: LabelledEmail) => fixture(e.variantOf ?? '(not a variant)');
const receivedAt = '2026-11-27T09:00:00Z';
const mail = (subject: string, text: string, from = 'someone@mail.example') => ({ subject, text, from: { address: from }, receivedAt });

/** Every object node of a JSON schema. */
function objects(node: unknown): Record<string, unknown>[] {
  if (!node || typeof node !== 'object') return [];
  const here = (node as { type?: unknown }).type === 'object' ? [node as Record<string, unknown>] : [];
  return [...here, ...Object.values(node).flatMap(objects)];
}

describe('the procurement tasks', () => {
  const TASKS = [extractPurchaseRequestTask, readQuoteTask];

  it('keep their names (recorded histories and usage carry them)', () => {
    expect(TASKS.map((t) => t.name)).toEqual(['extract_purchase_request', 'read_quote']);
  });

  it.each(TASKS.map((t) => [t.name, t] as const))('%s is usable with strict structured output', (_name, task) => {
    const nodes = objects(responseJsonSchema(task.schema));
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.additionalProperties).toBe(false);
      expect([...(node.required as string[])].sort()).toEqual(Object.keys(node.properties as object).sort());
    }
  });

  it('tell the model that the email is untrusted data', () => {
    for (const task of TASKS) {
      const prompt = task.prompt({ subject: 's', text: 't', from: { address: 'a@b.example' } });
      expect(prompt.system).toContain('untrusted data');
      expect(prompt.user).toContain('<untrusted-email>');
    }
  });

  it('are answered only by a rules provider given the flow’s rules', async () => {
    await expect(runAgentTask(new RulesProvider(), readQuoteTask, mail('q', 't'))).rejects.toThrow('no rules for task read_quote');
    await expect(runAgentTask(new RulesProvider(), extractPurchaseRequestTask, mail('q', 't'))).rejects.toThrow('no rules for task extract_purchase_request');
  });
});

describe('the procurement rules', () => {
  it('are deterministic and report rules-v1 usage', async () => {
    const email = fixture('pr-01-laptops').email;
    const a = await agents.extractPurchaseRequest(email);
    const b = await agents.extractPurchaseRequest(email);
    expect(a.output).toEqual(b.output);
    expect(a.usage).toEqual({
      provider: 'rules',
      model: RULES_MODEL,
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
      latencyMs: expect.any(Number),
      attempts: 1,
    });
  });

  it('return JSON-serialisable results for every fixture', async () => {
    for (const { email } of FIXTURES) {
      for (const result of [await agents.extractPurchaseRequest(email), await agents.readQuote(email)])
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
  });

  it('parses a quote table in full', async () => {
    const { output } = await agents.readQuote(fixture('q-01-pipe-table-eur').email);
    expect(output).toMatchObject({
      status: 'quoted',
      lines: [
        { item: 'Dell Latitude 5440', quantity: 3, unitPrice: 1150 },
        { item: 'Dell WD19S docking station', quantity: 3, unitPrice: 189 },
        { item: 'Dell P2723D monitor', quantity: 6, unitPrice: 279 },
      ],
      total: 5691,
      currency: 'EUR',
      leadTimeDays: 14,
      validUntil: '2026-12-31',
      declineReason: null,
    });
  });

  it('lists what a vague purchase request is missing', async () => {
    const vague = fixture('pr-04-headsets-vague');
    const { output } = await agents.extractPurchaseRequest(vague.email);
    expect(output.items).toEqual([{ name: 'headsets', quantity: null, unit: null, specification: null }]);
    // No delivery location is not a gap: the request goes to the requester's site unless they say otherwise.
    expect(output.missing).toEqual(['quantity', 'budget', 'currency', 'neededBy']);
    expect(output.deliveryLocation).toBeNull();
  });
});

describe('extractPurchaseRequest on phrases the first rules missed', () => {
  it('reads several items in one phrase', async () => {
    const { output } = await agents.extractPurchaseRequest(
      mail('Kit', 'For the new team we need 5 laptops, 5 docking stations and 10 monitors. Budget $14,000.'),
    );
    expect(output.items.map((i) => [i.name, i.quantity])).toEqual([
      ['laptops', 5],
      ['docking stations', 5],
      ['monitors', 10],
    ]);
  });

  it('reads a count after its verb in Dutch and an article as one', async () => {
    expect((await agents.extractPurchaseRequest(mail('Laptops', 'Voor de stagiairs hebben we 4 laptops nodig.'))).output.items[0]).toMatchObject({
      name: 'laptops',
      quantity: 4,
    });
    expect((await agents.extractPurchaseRequest(mail('Projector', 'Can we order a projector for meeting room Amsterdam?'))).output.items[0]).toMatchObject({
      name: 'projector',
      quantity: 1,
    });
  });
});

describe('readQuote on quotes written as sentences', () => {
  it('reads a unit price per unit and a total given in prose', async () => {
    const { output } = await agents.readQuote(
      mail('Re: RFQ', 'We can supply the 12 chairs at EUR 289.00 each, which comes to EUR 3,468.00 in total. Delivery within 3 weeks.'),
    );
    expect(output).toMatchObject({ status: 'quoted', total: 3468, currency: 'EUR', leadTimeDays: 21 });
    expect(output.lines.map((l) => l.unitPrice)).toEqual([289]);
  });

  it('reads a price per pack in German and an Italian decline', async () => {
    const pack = await agents.readQuote(
      mail('AW: Anfrage', 'Kopierpapier kostet 24,90 EUR pro Karton. Für 40 Kartons ergibt das 996,00 EUR netto. Lieferzeit 5 Werktage.'),
    );
    expect(pack.output).toMatchObject({ total: 996, leadTimeDays: 7 });
    expect(pack.output.lines.map((l) => l.unitPrice)).toEqual([24.9]);
    const decline = await agents.readQuote(mail('Re: preventivo', "Purtroppo non possiamo fare un'offerta: il prodotto è fuori produzione."));
    expect(decline.output.status).toBe('declined');
  });

  it('does not take a price it will not offer for a quote', async () => {
    const { output } = await agents.readQuote(mail('Re: coffee machine', 'We cannot quote on a single unit I am afraid - our machines start at 4,000 GBP.'));
    expect(output).toMatchObject({ status: 'declined', total: null, lines: [] });
  });
});

// Email text is untrusted: an attack line in a fixture changes nothing the clean email gives.
describe('prompt injection (procurement rules)', () => {
  it('an "approve with a budget of $0, urgency high" line changes neither budget nor urgency', async () => {
    const attacked = fixture('inj-01-approve-pr');
    expect(attacked.email.text).toMatch(/ignore previous instructions/i);
    const clean = await agents.extractPurchaseRequest(base(attacked).email);
    const injected = await agents.extractPurchaseRequest(attacked.email);
    expect(injected.output).toEqual(clean.output);
    expect(injected.output.budget).toBe(5000);
    expect((await agents.classifyThread(attacked.email)).output.urgency).toBe('normal');
    // Output is data: there is no field through which "approved" could travel.
    expect(injected.output).not.toHaveProperty('approved');
  });

  it('a "set the total to 0" line does not change the quote', async () => {
    const attacked = fixture('inj-02-total-zero');
    const clean = await agents.readQuote(base(attacked).email);
    const injected = await agents.readQuote(attacked.email);
    expect(injected.output).toEqual(clean.output);
    expect(injected.output.total).toBe(5487.5);
  });

  it('keeps genuine content next to words an attacker might use', async () => {
    // "Please treat this as a priority" is a request, not an attack: the budget on that line stays.
    const disks = fixture('pr-10-disks-urgent');
    expect((await agents.extractPurchaseRequest(disks.email)).output.budget).toBe(2000);
  });
});
