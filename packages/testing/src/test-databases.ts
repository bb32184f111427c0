import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PgCluster } from './pg-cluster';
import { startPgCluster } from './pg-cluster';

/** The databases every store runs on: SQLite files (one machine) and PostgreSQL (many hosts). */
export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/** Fresh, empty databases of one kind for a test file: start it in `beforeAll`, stop it in `afterAll`. */
export interface TestDatabases {
  readonly kind: DatabaseKind;
  start(): Promise<void>;
  /** A new empty database: a SQLite file path, or a PostgreSQL URL on a throwaway cluster. */
  fresh(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * @example
 * describe.each(DATABASE_KINDS)('the store on %s', (kind) => {
 *   const databases = testDatabases(kind);
 *   beforeAll(() => databases.start(), 120_000);
 *   afterAll(() => databases.stop(), 60_000);
 *   it('…', async () => { const location = await databases.fresh(); … });
 * });
 */
export function testDatabases(kind: DatabaseKind): TestDatabases {
  let dir: string | undefined;
  let cluster: PgCluster | undefined;
  let files = 0;
  return {
    kind,
    async start() {
      if (kind === 'postgres') cluster = await startPgCluster();
      else dir = mkdtempSync(path.join(tmpdir(), 'test-db-'));
    },
    async fresh(prefix = 'test') {
      if (cluster) return cluster.createDatabase(prefix);
      if (!dir) throw new Error('testDatabases: call start() first');
      return path.join(dir, `${prefix}-${++files}.sqlite`);
    },
    async stop() {
      await cluster?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
