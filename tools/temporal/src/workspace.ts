import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The workspace root: the nearest directory at or above `from` that holds `nx.json`.
 * Falls back to this package's own location (`tools/temporal` is two levels below the root),
 * so scripts started from outside the checkout still find it.
 */
export function findWorkspaceRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // `__dirname` is `<root>/tools/temporal/{src,dist}` (tsup shims it in the ESM build).
  return path.resolve(__dirname, '..', '..', '..');
}

/** `<workspaceRoot>/.temporal`: the git-ignored home of installed binaries and dev-server state. */
export function temporalHome(workspaceRoot: string): string {
  return path.join(workspaceRoot, '.temporal');
}
