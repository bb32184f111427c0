import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadSet } from '../eval/corpus';
import type { LabelledEmail } from '../eval/corpus';
import { ReplayServer } from './support/replay-server';
import type { ReplayStep } from './support/replay-server';

// `npm run eval:agents -- --provider openai` against a local OpenAI-compatible server. The server
// answers from the labels (a perfect model), so the printed table must show every field right;
// a wrong wiring (task, schema, email) would show up as misses or a failed run.
const run = promisify(execFile);
const PACKAGE_DIR = join(__dirname, '..', '..');
const TSX = join(PACKAGE_DIR, '..', '..', 'node_modules', '.bin', 'tsx');

interface ChatRequest {
  messages: { role: string; content: string }[];
  response_format: { json_schema: { name: string } };
}

function answerFromLabels(e: LabelledEmail, task: string): unknown {
  return task === 'classify_thread' ? { ...e.expected.classify, confidence: 0.9 } : undefined;
}

function labelledAnswers(emails: readonly LabelledEmail[]) {
  return (body: unknown): ReplayStep => {
    const request = body as ChatRequest;
    const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
    // The latest message is the last wrapped email.
    const subject = [...user.matchAll(/^Subject: (.*)$/gm)].pop()?.[1];
    const email = emails.find((e) => e.email.subject === subject);
    const output = email && answerFromLabels(email, request.response_format.json_schema.name);
    if (!output) return { status: 400, body: { error: { message: `no label for ${subject}`, type: 'invalid_request_error' } } };
    return {
      body: {
        id: 'chatcmpl-eval',
        object: 'chat.completion',
        created: 1764064801,
        model: 'replay-model',
        choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(output), refusal: null }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      },
    };
  };
}

describe('eval:agents --provider openai', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await ReplayServer.start();
    server.respondWith(labelledAnswers(loadSet('fixtures-held-out')));
  }, 30_000);
  afterAll(async () => {
    await server.close();
  });

  it('runs the corpus against an OpenAI-compatible endpoint and prints the same tables', async () => {
    const { stdout } = await run(TSX, ['--conditions=@org/source', join(PACKAGE_DIR, 'eval', 'cli.ts'), '--provider', 'openai', '--set', 'fixtures-held-out'], {
      env: { ...process.env, OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'test-key', AGENT_MODEL: 'replay-model' },
    });
    expect(stdout).toContain('provider: openai');
    expect(stdout).toMatch(/fixtures-held-out: 14 emails, 100% of \d+ labelled fields right/);
    expect(stdout).toContain('classifyThread [fixtures-held-out]');
    // The flows' tasks are scored by their packages (eval:procurement, eval:support).
    expect(stdout).not.toContain('readQuote');
    const models = new Set(server.requests.map((r) => (r.body as { model: string }).model));
    expect([...models]).toEqual(['replay-model']);
  }, 60_000);

  it('fails with a clear message on an unknown set', async () => {
    await expect(run(TSX, ['--conditions=@org/source', join(PACKAGE_DIR, 'eval', 'cli.ts'), '--set', 'nope'])).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown set(s) nope'),
    });
  }, 60_000);
});
