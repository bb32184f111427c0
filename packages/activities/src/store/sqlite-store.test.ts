import { join } from 'node:path';
import { tempDirPerTest } from '@org/orchestrator-testing';
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

describe(openSqliteStore, () => {
  const dir = tempDirPerTest('store-');

  it('counts a retried handling in one row, and keeps distinct handlings apart', () => {
    const store = openSqliteStore(join(dir(), 'db.sqlite'));
    expect(store.recordHandled(record, at)).toEqual({ attempts: 1 });
    expect(store.recordHandled(record, at)).toEqual({ attempts: 2 });
    store.recordHandled({ ...record, activityId: '9' }, at);
    expect(store.handledMessages('<t@x>').map((r) => [r.activityId, r.attempts])).toEqual([
      ['7', 2],
      ['9', 1],
    ]);
    store.close();
  });

  it('claims automatic-reply slots per sender within the window, giving a retried claim its first answer', () => {
    const store = openSqliteStore(join(dir(), 'db.sqlite'));
    const claim = (messageId: string, when: Date, sender = 'Emma@Mail.example') =>
      store.claimAutoReplySlot({ sender, messageId, limit: 2, windowMs: 3_600_000 }, when);
    expect(claim('<1@x>', at)).toEqual({ granted: true });
    expect(claim('<2@x>', at)).toEqual({ granted: true });
    expect(claim('<3@x>', at)).toEqual({ granted: false });
    // Retries of the same messages: the same answers, and no slot used twice.
    expect(claim('<1@x>', at)).toEqual({ granted: true });
    expect(claim('<3@x>', new Date(at.getTime() + 2 * 3_600_000))).toEqual({ granted: false });
    // Another sender has their own slots (addresses compared case-insensitively).
    expect(claim('<1@x>', at, 'someone@else.example')).toEqual({ granted: true });
    expect(claim('<4@x>', at, 'emma@mail.example')).toEqual({ granted: false });
    // After the window, slots free up again.
    expect(claim('<5@x>', new Date(at.getTime() + 2 * 3_600_000))).toEqual({ granted: true });
    store.close();
  });
});
