import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite-store';

// Several worker processes open one new database file at the same moment.
describe('openSqliteStore from concurrent processes', () => {
  it('opens a fresh file from 6 processes at once without SQLITE_BUSY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-concurrent-'));
    const file = join(dir, 'db.sqlite');
    const script = `
      const { openSqliteStore } = require(${JSON.stringify(join(__dirname, 'sqlite-store.ts'))});
      while (Date.now() < Number(process.env.START_AT)) {} // all processes open at the same instant
      const store = openSqliteStore(process.env.DB_FILE);
      store.recordHandled({ threadId: 't', messageId: 'm' + process.pid, flow: 'unknown', action: 'x', workflowRunId: 'r', activityId: String(process.pid) }, new Date());
      store.close();`;
    const startAt = String(Date.now() + 3000);
    try {
      const codes = await Promise.all(
        Array.from({ length: 6 }, () =>
          new Promise<number | null>((resolve) => {
            const child = spawn('node', ['--import', 'tsx', '--conditions=@org/source', '-e', script], {
              env: { ...process.env, DB_FILE: file, START_AT: startAt },
              stdio: 'inherit',
            });
            child.on('exit', resolve);
          }),
        ),
      );
      expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
      const store = openSqliteStore(file);
      expect(store.handledMessages('t')).toHaveLength(6);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
