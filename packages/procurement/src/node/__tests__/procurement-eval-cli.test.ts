import { join } from 'node:path';
import { fakeChatEnv, lastWrappedSubject, loadSet, runEvalCliFromSource, startFakeChatServer } from '@org/orchestrator-agents/eval';
import type { ChatRequest, FakeChatServer, LabelledEmail } from '@org/orchestrator-agents/eval';

// `npm run eval:procurement -- --provider openai` against a local OpenAI-compatible server that
// answers from the labels (a perfect model): the printed tables must show every field right, so a
// wrong wiring (task, schema, email) would show up as misses or a failed run.
const PACKAGE_DIR = join(__dirname, '..', '..', '..');
const run = (args: string[], env?: NodeJS.ProcessEnv) => runEvalCliFromSource(PACKAGE_DIR, args, env);

const emails = loadSet('fixtures-held-out');

/** The labelled answer of `task` for an email. */
function answerFromLabels(e: LabelledEmail, task: string): unknown {
  const x = e.expected;
  if (task === 'extract_purchase_request' && x.purchaseRequest) {
    return { ...x.purchaseRequest, items: x.purchaseRequest.items.map((i) => ({ ...i, specification: null })) };
  }
  if (task === 'read_quote' && x.quote) {
    const q = x.quote;
    return {
      status: q.status,
      lines: q.unitPrices.map((unitPrice) => ({ item: 'item', quantity: null, unit: null, unitPrice })),
      total: q.total,
      currency: q.currency,
      leadTimeDays: q.leadTimeDays,
      validUntil: q.validUntil,
      conditions: q.conditions ?? [],
      declineReason: q.status === 'declined' ? 'declined' : null,
    };
  }
  return undefined;
}

/** The labelled answer for the email the prompt wraps last (found by its subject). */
function answer(request: ChatRequest): unknown {
  const email = emails.find((e) => e.email.subject === lastWrappedSubject(request));
  return email && answerFromLabels(email, request.response_format.json_schema.name);
}

let server: FakeChatServer;
beforeAll(async () => {
  server = await startFakeChatServer(answer);
});
afterAll(async () => {
  await server.close();
});

describe('eval:procurement --provider openai', () => {
  it('sends both tasks to an OpenAI-compatible endpoint and prints the same tables', async () => {
    const { stdout } = await run(['--provider', 'openai', '--set', 'fixtures-held-out'], fakeChatEnv(server));
    const asked = emails.filter((e) => e.expected.purchaseRequest || e.expected.quote);
    expect(stdout).toContain('provider: openai');
    expect(stdout).toMatch(new RegExp(`fixtures-held-out: ${asked.length} requests and quotes, 100% of \\d+ labelled fields right`));
    for (const table of ['extractPurchaseRequest', 'readQuote']) expect(stdout).toContain(`${table} [fixtures-held-out]`);
    expect(new Set(server.requests.map((r) => r.response_format.json_schema.name))).toEqual(new Set(['extract_purchase_request', 'read_quote']));
    expect(server.requests).toHaveLength(asked.length);
    expect(new Set(server.requests.map((r) => r.model))).toEqual(new Set(['replay-model']));
  }, 60_000);

  it('records only the rules provider into the README', async () => {
    await expect(run(['--provider', 'openai', '--set', 'fixtures-held-out', '--write-readme'], fakeChatEnv(server))).rejects.toMatchObject({
      stderr: expect.stringContaining('--write-readme records the rules provider only'),
    });
  }, 60_000);

  it('fails with a clear message on an unknown set', async () => {
    await expect(run(['--set', 'nope'])).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown set(s) nope; known: dev, held-out, fixtures, fixtures-held-out'),
    });
  }, 60_000);
});
