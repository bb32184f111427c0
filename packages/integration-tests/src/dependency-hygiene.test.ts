import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './worker-processes';

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const manifests = new Map<string, Manifest>(
  ['packages', 'apps', 'tools'].flatMap((folder) =>
    readdirSync(join(workspaceRoot, folder))
      .map((name) => join(workspaceRoot, folder, name, 'package.json'))
      .filter((file) => existsSync(file))
      .map((file) => JSON.parse(readFileSync(file, 'utf8')) as Manifest)
      .map((m) => [m.name, m] as [string, Manifest]),
  ),
);

/** Every package npm installs with `name`: dependencies and required peers, followed through the workspace's packages. */
function installedWith(name: string, seen = new Set<string>()): Set<string> {
  const manifest = manifests.get(name);
  if (!manifest || seen.has(name)) return seen;
  seen.add(name);
  const required = Object.keys(manifest.peerDependencies ?? {}).filter((peer) => !manifest.peerDependenciesMeta?.[peer]?.optional);
  for (const dependency of [...Object.keys(manifest.dependencies ?? {}), ...required]) {
    if (manifests.has(dependency)) installedWith(dependency, seen);
    else seen.add(dependency);
  }
  return seen;
}

const NODE_ONLY = ['better-sqlite3', 'pg', 'openai', '@aws-sdk/client-s3', 'pdfkit', '@temporalio/worker', '@temporalio/core-bridge'];

describe('published dependency hygiene (the manifests as npm reads them)', () => {
  it.each(['@org/orchestrator-workflows', '@org/orchestrator-contracts', '@org/orchestrator-execute-workflow'])(
    '%s installs no native or node-only module',
    (name) => {
      expect([...installedWith(name)].filter((d) => NODE_ONLY.includes(d))).toEqual([]);
    },
  );

  it('takes the Temporal SDK as peers with ranges wherever a consumer brings its own', () => {
    for (const name of ['@org/orchestrator-contracts', '@org/orchestrator-workflows', '@org/orchestrator-activities', '@org/orchestrator-execute-workflow']) {
      const manifest = manifests.get(name)!;
      expect(Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@temporalio/'))).toEqual([]);
      for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {}))
        if (peer.startsWith('@temporalio/')) expect(`${peer}@${range}`).toMatch(/@\^1\.\d+\.\d+$/);
    }
  });

  it('publishes the CLI (not private, with a bin)', () => {
    const starter = manifests.get('@org/orchestrator-starter') as Manifest & { bin?: Record<string, string> };
    expect(starter.private).toBeUndefined();
    expect(starter.bin).toEqual({ orchestrator: './dist/main.js' });
  });
});
