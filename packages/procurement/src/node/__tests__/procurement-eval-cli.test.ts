import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadSet } from '@org/orchestrator-agents/eval';
import type { LabelledEmail } from '@org/orchestrator-agents/eval';

// `npm run eval:procurement -- --provider openai` against a local OpenAI-compatible server that
// answers from the labels (a perfect model): the printed tables must show every field right, so a
// wrong wiring (task, schema, email) would show up as misses or a failed run.
const run = promisify(execFile);
const PACKAGE_DIR = join(__dirname, '..', '..', '..');
const TSX = join(PACKAGE_DIR, '..', '..', 'node_modules', '.bin', 'tsx');
const CLI = join(PACKAGE_DIR, 'eval', 'cli.ts');

interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format: { json_schema: { name: string } };
}

const emails = loadSet('fixtures-held-out');
const requests: ChatRequest[] = [];

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
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  const subject = [...user.matchAll(/^Subject: (.*)$/gm)].pop()?.[1];
  const email = emails.find((e) => e.email.subject === subject);
  return email && answerFromLabels(email, request.response_format.json_schema.name);
}

let server: Server;
let baseURL: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const request = JSON.parse(raw) as ChatRequest;
      requests.push(request);
      const output = answer(request);
      res.writeHead(output ? 200 : 400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          output
            ? {
                id: 'chatcmpl-eval',
                object: 'chat.completion',
                created: 1764064801,
                model: request.model,
                choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(output), refusal: null }, finish_reason: 'stop' }],
                usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
              }
            : { error: { message: 'no label for this email', type: 'invalid_request_error' } },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const openaiEnv = () => ({ ...process.env, OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: 'test-key', AGENT_MODEL: 'replay-model' });

describe('eval:procurement --provider openai', () => {
  it('sends both tasks to an OpenAI-compatible endpoint and prints the same tables', async () => {
    const { stdout } = await run(TSX, ['--conditions=@org/source', CLI, '--provider', 'openai', '--set', 'fixtures-held-out'], { env: openaiEnv() });
    const asked = emails.filter((e) => e.expected.purchaseRequest || e.expected.quote);
    expect(stdout).toContain('provider: openai');
    expect(stdout).toMatch(new RegExp(`fixtures-held-out: ${asked.length} requests and quotes, 100% of \\d+ labelled fields right`));
    for (const table of ['extractPurchaseRequest', 'readQuote']) expect(stdout).toContain(`${table} [fixtures-held-out]`);
    expect(new Set(requests.map((r) => r.response_format.json_schema.name))).toEqual(new Set(['extract_purchase_request', 'read_quote']));
    expect(requests).toHaveLength(asked.length);
    expect(new Set(requests.map((r) => r.model))).toEqual(new Set(['replay-model']));
  }, 60_000);

  it('records only the rules provider into the README', async () => {
    await expect(
      run(TSX, ['--conditions=@org/source', CLI, '--provider', 'openai', '--set', 'fixtures-held-out', '--write-readme'], { env: openaiEnv() }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('--write-readme records the rules provider only'),
    });
  }, 60_000);

  it('fails with a clear message on an unknown set', async () => {
    await expect(run(TSX, ['--conditions=@org/source', CLI, '--set', 'nope'])).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown set(s) nope; known: dev, held-out, fixtures, fixtures-held-out'),
    });
  }, 60_000);
});
