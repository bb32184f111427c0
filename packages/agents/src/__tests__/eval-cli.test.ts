import { join } from 'node:path';
import { loadSet } from '../eval/corpus';
import type { LabelledEmail } from '../eval/corpus';
import { fakeChatEnv, lastWrappedSubject, runEvalCliFromSource, startFakeChatServer } from '../eval/fake-chat-server';
import type { ChatRequest, FakeChatServer } from '../eval/fake-chat-server';

// `npm run eval:agents -- --provider openai` against a local OpenAI-compatible server. The server
// answers from the labels (a perfect model), so the printed table must show every field right;
// a wrong wiring (task, schema, email) would show up as misses or a failed run.
const PACKAGE_DIR = join(__dirname, '..', '..');
const run = (args: string[], env?: NodeJS.ProcessEnv) => runEvalCliFromSource(PACKAGE_DIR, args, env);

function answerFromLabels(e: LabelledEmail, task: string): unknown {
  return task === 'classify_thread' ? { ...e.expected.classify, confidence: 0.9 } : undefined;
}

/** The labelled answer for the email the prompt wraps last (the latest message). */
function labelledAnswers(emails: readonly LabelledEmail[]) {
  return (request: ChatRequest): unknown => {
    const email = emails.find((e) => e.email.subject === lastWrappedSubject(request));
    return email && answerFromLabels(email, request.response_format.json_schema.name);
  };
}

describe('eval:agents --provider openai', () => {
  let server: FakeChatServer;
  beforeAll(async () => {
    server = await startFakeChatServer(labelledAnswers(loadSet('fixtures-held-out')));
  }, 30_000);
  afterAll(async () => {
    await server.close();
  });

  it('runs the corpus against an OpenAI-compatible endpoint and prints the same tables', async () => {
    const { stdout } = await run(['--provider', 'openai', '--set', 'fixtures-held-out'], fakeChatEnv(server));
    expect(stdout).toContain('provider: openai');
    expect(stdout).toMatch(/fixtures-held-out: 14 emails, 100% of \d+ labelled fields right/);
    expect(stdout).toContain('classifyThread [fixtures-held-out]');
    // The flows' tasks are scored by their packages (eval:procurement, eval:support).
    expect(stdout).not.toContain('readQuote');
    const models = new Set(server.requests.map((r) => r.model));
    expect([...models]).toEqual(['replay-model']);
  }, 60_000);

  it('fails with a clear message on an unknown set', async () => {
    await expect(run(['--set', 'nope'])).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown set(s) nope'),
    });
  }, 60_000);
});
