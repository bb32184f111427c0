import { join } from 'node:path';
import { fakeChatEnv, lastWrappedSubject, loadSet, runEvalCliFromSource, startFakeChatServer } from '@org/orchestrator-agents/eval';
import type { ChatRequest, FakeChatServer } from '@org/orchestrator-agents/eval';

// `npm run eval:support -- --provider openai` against a local OpenAI-compatible server that answers
// from the labels (a perfect model): the printed table must show every field right, so a wrong wiring
// (task, schema, email, facts) would show up as misses or a failed run.
const PACKAGE_DIR = join(__dirname, '..', '..', '..');
const run = (args: string[], env?: NodeJS.ProcessEnv) => runEvalCliFromSource(PACKAGE_DIR, args, env);

const emails = loadSet('fixtures-held-out').filter((e) => e.expected.support);

/** The labelled draft for the email the prompt wraps last (found by its subject). */
function answer(request: ChatRequest): unknown {
  const subject = lastWrappedSubject(request);
  const support = emails.find((e) => e.email.subject === subject)?.expected.support;
  if (request.response_format.json_schema.name !== 'draft_support_answer' || !support) return undefined;
  return { body: support.order ? `About your order ${support.order.id}.` : 'Thank you for writing.', articleIds: support.articleIds, confidence: 0.8 };
}

let server: FakeChatServer;
beforeAll(async () => {
  server = await startFakeChatServer(answer);
});
afterAll(async () => {
  await server.close();
});

describe('eval:support --provider openai', () => {
  it('sends the draft task to an OpenAI-compatible endpoint and prints the same table', async () => {
    const { stdout } = await run(['--provider', 'openai', '--set', 'fixtures-held-out'], fakeChatEnv(server));
    expect(stdout).toContain('provider: openai');
    expect(stdout).toContain(`draftSupportAnswer [fixtures-held-out] (${emails.length} customer emails)`);
    for (const field of ['topArticle', 'orderFacts', 'noPromise']) expect(stdout).toMatch(new RegExp(`${field}\\s+${emails.length}/${emails.length}\\s+100%`));
    expect(server.requests).toHaveLength(emails.length);
    expect(new Set(server.requests.map((r) => r.model))).toEqual(new Set(['replay-model']));
  }, 60_000);

  it('records only the rules provider into the README', async () => {
    await expect(run(['--provider', 'openai', '--set', 'fixtures-held-out', '--write-readme'], fakeChatEnv(server))).rejects.toMatchObject({
      stderr: expect.stringContaining('--write-readme records the rules provider only'),
    });
  }, 60_000);

  it('fails with a clear message on a set without support labels', async () => {
    await expect(run(['--set', 'dev'])).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown set(s) dev; known: fixtures, fixtures-held-out'),
    });
  }, 60_000);
});
