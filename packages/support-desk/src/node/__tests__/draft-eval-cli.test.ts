import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadSet } from '@org/orchestrator-agents/eval';

// `npm run eval:support -- --provider openai` against a local OpenAI-compatible server that answers
// from the labels (a perfect model): the printed table must show every field right, so a wrong wiring
// (task, schema, email, facts) would show up as misses or a failed run.
const run = promisify(execFile);
const PACKAGE_DIR = join(__dirname, '..', '..', '..');
const TSX = join(PACKAGE_DIR, '..', '..', 'node_modules', '.bin', 'tsx');
const CLI = join(PACKAGE_DIR, 'eval', 'cli.ts');

interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format: { json_schema: { name: string } };
}

const emails = loadSet('fixtures-held-out').filter((e) => e.expected.support);
const requests: ChatRequest[] = [];

/** The labelled draft for the email the prompt wraps last (found by its subject). */
function answer(request: ChatRequest): unknown {
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  const subject = [...user.matchAll(/^Subject: (.*)$/gm)].pop()?.[1];
  const support = emails.find((e) => e.email.subject === subject)?.expected.support;
  if (request.response_format.json_schema.name !== 'draft_support_answer' || !support) return undefined;
  return { body: support.order ? `About your order ${support.order.id}.` : 'Thank you for writing.', articleIds: support.articleIds, confidence: 0.8 };
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

describe('eval:support --provider openai', () => {
  it('sends the draft task to an OpenAI-compatible endpoint and prints the same table', async () => {
    const { stdout } = await run(TSX, ['--conditions=@org/source', CLI, '--provider', 'openai', '--set', 'fixtures-held-out'], { env: openaiEnv() });
    expect(stdout).toContain('provider: openai');
    expect(stdout).toContain(`draftSupportAnswer [fixtures-held-out] (${emails.length} customer emails)`);
    for (const field of ['topArticle', 'orderFacts', 'noPromise']) expect(stdout).toMatch(new RegExp(`${field}\\s+${emails.length}/${emails.length}\\s+100%`));
    expect(requests).toHaveLength(emails.length);
    expect(new Set(requests.map((r) => r.model))).toEqual(new Set(['replay-model']));
  }, 60_000);

  it('records only the rules provider into the README', async () => {
    await expect(
      run(TSX, ['--conditions=@org/source', CLI, '--provider', 'openai', '--set', 'fixtures-held-out', '--write-readme'], { env: openaiEnv() }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('--write-readme records the rules provider only'),
    });
  }, 60_000);

  it('fails with a clear message on a set without support labels', async () => {
    await expect(run(TSX, ['--conditions=@org/source', CLI, '--set', 'dev'])).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown set(s) dev; known: fixtures, fixtures-held-out'),
    });
  }, 60_000);
});
