import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@org/orchestrator-activities';
import { runCli } from '../cli';
import { FakeTemporal } from './fake-temporal';

const THREAD = '<long-thread@example.com>';

describe('runCli messages', () => {
  let dir: string;
  let dbPath: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'starter-ledger-'));
    dbPath = join(dir, 'orchestrator.sqlite');
    // What workers record: one handling per message, a retried recording counted in its row.
    const store = openSqliteStore(dbPath);
    const at = new Date('2026-11-25T10:00:00Z');
    for (let n = 1; n <= 120; n++) {
      store.recordHandled(
        {
          threadId: THREAD,
          messageId: `<m${n}@example.com>`,
          flow: 'unknown',
          action: n === 1 ? 'holding-reply' : 'recorded',
          workflowRunId: `run-${Math.ceil(n / 50)}`,
          activityId: String(n),
          from: 'alice@example.com',
          subject: `Re: lunch (${n})`,
          receivedAt: at.toISOString(),
        },
        new Date(at.getTime() + n * 1000),
      );
    }
    store.recordHandled(
      { threadId: '<other@example.com>', messageId: '<x@example.com>', flow: 'support', action: 'answered', workflowRunId: 'r', activityId: '1' },
      at,
    );
    store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (argv: string[], env: NodeJS.ProcessEnv = { ORCHESTRATOR_DB_PATH: dbPath }) => {
    const deps = new FakeTemporal().deps({ env });
    const code = await runCli(['messages', ...argv], deps);
    return { code, out: deps.io.stdout.join('\n'), err: deps.io.stderr.join('\n'), connect: deps.connect };
  };

  it('lists the newest handled messages of the thread from the ledger, and how to page back, without Temporal', async () => {
    const { code, out, connect } = await run([THREAD, '--limit', '3']);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^#120 {2}2026-11-25T10:02:00.000Z {2}unknown: recorded {2}<m120@example.com> from alice@example.com "Re: lunch \(120\)"$/);
    expect(lines[3]).toBe(`older: orchestrator messages '${THREAD}' --limit 3 --before 118`);
    expect(connect).not.toHaveBeenCalled();
  });

  it('pages back by sequence number or by time, down to the first message', async () => {
    const older = await run([THREAD, '--limit', '2', '--before', '3']);
    expect(older.out.split('\n')).toEqual([
      expect.stringContaining('<m2@example.com>'),
      expect.stringContaining('unknown: holding-reply  <m1@example.com>'),
      `older: orchestrator messages '${THREAD}' --limit 2 --before 1`,
    ]);
    expect((await run([THREAD, '--before', '1'])).out).toBe('no older handled messages');
    const byTime = await run([THREAD, '--before', '2026-11-25T10:00:02.500Z', '--json']);
    expect(JSON.parse(byTime.out)).toMatchObject({
      threadId: THREAD,
      messages: [{ messageId: '<m2@example.com>' }, { messageId: '<m1@example.com>', action: 'holding-reply' }],
    });
  });

  it('prints every row as JSON with the cursor of the next page', async () => {
    const { out } = await run([THREAD, '--limit', '100', '--json']);
    const page = JSON.parse(out) as { messages: { seq: number; messageId: string }[]; nextBefore: number };
    expect(page.messages).toHaveLength(100);
    expect(page.nextBefore).toBe(page.messages.at(-1)?.seq);
    expect(new Set(page.messages.map((m) => m.messageId)).size).toBe(100);
  });

  it('says where it looked when the ledger file is missing, and refuses bad flags', async () => {
    const missing = await run([THREAD], { ORCHESTRATOR_DB_PATH: join(dir, 'nope.sqlite') });
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`cannot read the ledger at ${join(dir, 'nope.sqlite')}`);
    expect((await run([THREAD, '--limit', '0'])).code).toBe(2);
    expect((await run([THREAD, '--before', 'yesterday'])).err).toContain('--before must be a sequence number or an ISO time');
    expect((await run([])).err).toContain('missing <threadId>');
  });

  it('says so for a thread with nothing recorded', async () => {
    expect((await run(['<quiet@example.com>'])).out).toBe(`no handled messages recorded for thread <quiet@example.com> in ${dbPath}`);
  });
});
