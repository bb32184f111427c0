import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite-store';

const at = new Date('2026-11-25T10:00:00Z');
const record = {
  threadId: '<t@x>',
  messageId: '<m@x>',
  flow: 'support' as const,
  action: 'acknowledged',
  workflowRunId: 'run-1',
  activityId: '7',
};
const email = {
  messageId: '<r@orchestrator.local>',
  threadId: '<t@x>',
  inReplyTo: '<m@x>',
  references: ['<m@x>'],
  kind: 'acknowledgement',
  to: ['alice@example.com'],
  subject: 'Re: Help',
  text: 'Hello',
};

describe(openSqliteStore, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts a retried handling in one row, and keeps distinct handlings apart', () => {
    const store = openSqliteStore(join(dir, 'db.sqlite'));
    expect(store.recordHandled(record, at)).toEqual({ attempts: 1 });
    expect(store.recordHandled(record, at)).toEqual({ attempts: 2 });
    store.recordHandled({ ...record, activityId: '9' }, at);
    expect(store.handledMessages('<t@x>').map((r) => [r.activityId, r.attempts])).toEqual([
      ['7', 2],
      ['9', 1],
    ]);
    store.close();
  });

  it('queues an outbound email once per message id, durably', () => {
    const file = join(dir, 'db.sqlite');
    const store = openSqliteStore(file);
    expect(store.enqueueOutbound(email, at)).toEqual({ status: 'queued' });
    expect(store.enqueueOutbound({ ...email, text: 'changed' }, at)).toEqual({ status: 'already-queued' });
    store.close();

    const reopened = openSqliteStore(file);
    expect(reopened.outbound()).toEqual([{ ...email, attempts: 2, createdAt: at.toISOString() }]);
    reopened.close();
  });
});
