import { MockActivityEnvironment } from '@temporalio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { QueuedMessage, StashedMessages } from '@org/orchestrator-contracts';
import { parseEmailMessage } from '@org/orchestrator-contracts';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import { openHandledLedgerReader } from '../store/handled-ledger';
import { openSqliteStore } from '../store/sqlite-store';
import { STASH_NOT_FOUND, createThreadActivities } from './thread-activities';

const T = '<root@example.com>';
const entry = (n: number, check = false): QueuedMessage => ({
  message: parseEmailMessage({
    messageId: `<m${n}@example.com>`,
    threadId: T,
    from: { address: 'a@example.com' },
    to: [],
    subject: `s${n}`,
    text: `t${n}`,
    receivedAt: '2026-11-25T09:00:00Z',
  }),
  ...(check ? { check: true as const } : {}),
});

describe(createThreadActivities, () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'thread-activities-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = new MockActivityEnvironment();

  it('stashes messages under their content id (a retry stores nothing new) and gives them back in order', async () => {
    const store = openSqliteStore(join(dir, 'stash.sqlite'));
    const activities = createThreadActivities({ store, now: () => new Date('2026-11-25T10:00:00Z') });
    const entries = [entry(1), entry(2, true), entry(3)];
    const ref: StashedMessages = await env.run(activities.stashMessages, { threadId: T, entries });
    expect(ref).toEqual({ id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), count: 3, bytes: Buffer.byteLength(JSON.stringify(entries)) });
    await expect(env.run(activities.stashMessages, { threadId: T, entries })).resolves.toEqual(ref);
    await expect(env.run(activities.loadStashedMessages, { threadId: T, id: ref.id })).resolves.toEqual({ entries });
    // Another thread cannot read it, and a message of another thread cannot be stashed here.
    await expect(env.run(activities.loadStashedMessages, { threadId: '<other@example.com>', id: ref.id })).rejects.toMatchObject({
      type: STASH_NOT_FOUND,
      nonRetryable: false,
    });
    await expect(env.run(activities.stashMessages, { threadId: '<other@example.com>', entries })).rejects.toMatchObject({ type: 'InvalidActivityInput' });
    await expect(env.run(activities.stashMessages, { threadId: T, entries: [] })).rejects.toBeInstanceOf(ApplicationFailure);
    store.close();
  });

  it('finds which ids the thread handled, in any run', async () => {
    const store = openSqliteStore(join(dir, 'ledger.sqlite'));
    const activities = createThreadActivities({ store, now: () => new Date() });
    const at = new Date('2026-11-25T10:00:00Z');
    store.recordHandled({ threadId: T, messageId: '<m1@example.com>', flow: 'unknown', action: 'recorded', workflowRunId: 'r1', activityId: '1' }, at);
    store.recordHandled({ threadId: T, messageId: '<m3@example.com>', flow: 'unknown', action: 'failed', workflowRunId: 'r2', activityId: '9' }, at);
    store.recordHandled(
      { threadId: '<other@example.com>', messageId: '<m2@example.com>', flow: 'unknown', action: 'recorded', workflowRunId: 'r3', activityId: '1' },
      at,
    );
    const ids = ['<m1@example.com>', '<m2@example.com>', '<m3@example.com>', '<m4@example.com>'];
    await expect(env.run(activities.findHandledMessages, { threadId: T, messageIds: ids })).resolves.toEqual({
      handled: ['<m1@example.com>', '<m3@example.com>'],
    });
    const many = Array.from({ length: 1000 }, (_, i) => `<x${i}@example.com>`);
    await expect(env.run(activities.findHandledMessages, { threadId: T, messageIds: [...many, '<m1@example.com>'] })).rejects.toMatchObject({
      type: 'InvalidActivityInput',
    });
    await expect(env.run(activities.findHandledMessages, { threadId: T, messageIds: [...many.slice(1), '<m1@example.com>'] })).resolves.toEqual({
      handled: ['<m1@example.com>'],
    });
    store.close();
  });
});

describe(openHandledLedgerReader, () => {
  it('pages through a thread’s ledger newest first, by sequence number or time, without writing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-reader-'));
    try {
      const file = join(dir, 'orchestrator.sqlite');
      const store = openSqliteStore(file);
      for (let n = 1; n <= 5; n++) {
        store.recordHandled(
          {
            threadId: T,
            messageId: `<m${n}@example.com>`,
            flow: 'support',
            action: 'answered',
            workflowRunId: 'r',
            activityId: String(n),
            from: 'a@example.com',
            subject: `s${n}`,
            receivedAt: '2026-11-25T09:00:00Z',
          },
          new Date(Date.UTC(2026, 10, 25, 10, 0, n)),
        );
      }
      store.close();
      const reader = openHandledLedgerReader(file);
      const page = reader.listHandled(T, { limit: 2 });
      expect(page.map((r) => [r.seq, r.messageId, r.from, r.subject])).toEqual([
        [5, '<m5@example.com>', 'a@example.com', 's5'],
        [4, '<m4@example.com>', 'a@example.com', 's4'],
      ]);
      expect(reader.listHandled(T, { limit: 10, before: 4 }).map((r) => r.seq)).toEqual([3, 2, 1]);
      expect(reader.listHandled(T, { limit: 10, before: '2026-11-25T10:00:03.000Z' }).map((r) => r.seq)).toEqual([2, 1]);
      reader.close();
      expect(() => openHandledLedgerReader(join(dir, 'missing.sqlite'))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a store created before the message columns, and adds them when a worker opens it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-legacy-'));
    try {
      const file = join(dir, 'orchestrator.sqlite');
      // The table as it shipped first, with one row.
      const db = openSqliteDatabase(file, {
        setup: (d) =>
          d.exec(`CREATE TABLE handled_messages (workflow_run_id TEXT NOT NULL, activity_id TEXT NOT NULL, thread_id TEXT NOT NULL, message_id TEXT NOT NULL,
            flow TEXT NOT NULL, action TEXT NOT NULL, reply_message_id TEXT, attempts INTEGER NOT NULL DEFAULT 1, first_recorded_at TEXT NOT NULL,
            last_recorded_at TEXT NOT NULL, PRIMARY KEY (workflow_run_id, activity_id));
            INSERT INTO handled_messages VALUES ('r', '1', '${T}', '<old@example.com>', 'unknown', 'recorded', NULL, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');`),
      });
      db.close();
      expect(openHandledLedgerReader(file).listHandled(T, { limit: 5 })).toEqual([expect.objectContaining({ seq: 1, messageId: '<old@example.com>' })]);
      const store = openSqliteStore(file);
      store.recordHandled(
        { threadId: T, messageId: '<new@example.com>', flow: 'unknown', action: 'recorded', workflowRunId: 'r', activityId: '2', from: 'b@example.com' },
        new Date(),
      );
      expect(store.listHandled(T, { limit: 5 }).map((r) => [r.messageId, r.from])).toEqual([
        ['<new@example.com>', 'b@example.com'],
        ['<old@example.com>', undefined],
      ]);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
