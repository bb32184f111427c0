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
});
