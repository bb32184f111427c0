import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './worker-processes';

interface Manifest {
  name: string;
  private?: boolean;
  engines?: { node?: string };
  repository?: { type: string; url: string; directory?: string };
  homepage?: string;
  bugs?: { url: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Each workspace package's manifest, with the folder it lives in (`packages/contracts`). */
const folders = new Map<string, string>();
const manifests = new Map<string, Manifest>(
  ['packages', 'apps', 'tools'].flatMap((folder) =>
    readdirSync(join(workspaceRoot, folder))
      .filter((name) => existsSync(join(workspaceRoot, folder, name, 'package.json')))
      .map((name) => {
        const manifest = JSON.parse(readFileSync(join(workspaceRoot, folder, name, 'package.json'), 'utf8')) as Manifest;
        folders.set(manifest.name, `${folder}/${name}`);
        return [manifest.name, manifest] as [string, Manifest];
      }),
  ),
);
const root = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as Manifest;

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
  it.each(['@org/orchestrator-workflows', '@org/orchestrator-thread-kit', '@org/orchestrator-contracts', '@org/orchestrator-execute-workflow'])(
    '%s installs no native or node-only module',
    (name) => {
      expect([...installedWith(name)].filter((d) => NODE_ONLY.includes(d))).toEqual([]);
    },
  );

  it('takes the Temporal SDK as peers with ranges wherever a consumer brings its own', () => {
    for (const name of [
      '@org/orchestrator-contracts',
      '@org/orchestrator-workflows',
      '@org/orchestrator-thread-kit',
      '@org/orchestrator-activities',
      '@org/orchestrator-execute-workflow',
    ]) {
      const manifest = manifests.get(name)!;
      expect(Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@temporalio/'))).toEqual([]);
      for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {}))
        if (peer.startsWith('@temporalio/')) expect(`${peer}@${range}`).toMatch(/@\^1\.\d+\.\d+$/);
    }
  });

  it('names the repository, the package’s folder in it, its README and the issue tracker in every published manifest', () => {
    const published = [...manifests.values()].filter((m) => !m.private);
    expect(published.length).toBeGreaterThan(10);
    const repo = root.repository?.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(repo).toMatch(/^https:\/\/github\.com\/[\w-]+\/[\w-]+$/);
    for (const manifest of published) {
      const folder = folders.get(manifest.name);
      expect({ name: manifest.name, repository: manifest.repository, homepage: manifest.homepage, bugs: manifest.bugs }).toEqual({
        name: manifest.name,
        repository: { type: 'git', url: root.repository?.url, directory: folder },
        homepage: `${repo}/tree/main/${folder}#readme`,
        bugs: root.bugs,
      });
    }
  });

  it('claims Node 22 wherever better-sqlite3 comes along (13 crashes on 20), and keeps Node 20 for the packages without a native module', () => {
    for (const manifest of [...manifests.values()].filter((m) => !m.private)) {
      const native = installedWith(manifest.name).has('better-sqlite3');
      expect({ name: manifest.name, node: manifest.engines?.node }).toEqual({ name: manifest.name, node: native ? '>=22' : '>=20' });
    }
  });

  it('publishes the CLI (not private, with a bin)', () => {
    const starter = manifests.get('@org/orchestrator-starter') as Manifest & { bin?: Record<string, string> };
    expect(starter.private).toBeUndefined();
    expect(starter.bin).toEqual({ orchestrator: './dist/main.js' });
  });
});
