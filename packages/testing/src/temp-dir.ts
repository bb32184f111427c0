/// <reference types="jest" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway directory for each test of the enclosing `describe` (or file): made in `beforeEach`,
 * removed with everything in it in `afterEach`. Returns the current test's directory.
 *
 * @example
 * const dir = tempDirPerTest('migrate-stores-');
 * it('…', () => { const file = join(dir(), 'notes.sqlite'); … });
 */
export function tempDirPerTest(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error('tempDirPerTest: the directory exists only inside a test');
    return dir;
  };
}
