/**
 * Rewrites the generated sections of docs/ARCHITECTURE.md from the code: the projects with their
 * tags (each project's package.json) and which tag may import which (the module-boundary lint's
 * `depConstraints` in eslint.config.mjs), between `<!-- generated:<id> -->` and `<!-- /generated:<id> -->`.
 * The lint enforces those rules on every import; this keeps the page saying what the lint enforces.
 *
 *   npx tsx tools/scripts/architecture.ts          # rewrite
 *   npx tsx tools/scripts/architecture.ts --check  # CI: exit 1 if the page drifted
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withMarkedSections } from './marked-sections';

const ROOT = join(__dirname, '..', '..');
const PAGE = 'docs/ARCHITECTURE.md';

interface DepConstraint {
  sourceTag: string;
  onlyDependOnLibsWithTags: string[];
}

interface Project {
  dir: string;
  name: string;
  packageName: string;
  tags: string[];
  published: boolean;
}

/** Every workspace project (`packages/*`, `apps/*`, `tools/*`), sorted by folder. */
export function workspaceProjects(root = ROOT): Project[] {
  const projects: Project[] = [];
  for (const group of ['packages', 'apps', 'tools']) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      const file = join(root, group, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; private?: boolean; nx?: { name?: string; tags?: string[] } };
      projects.push({
        dir: `${group}/${entry.name}`,
        name: pkg.nx?.name ?? pkg.name,
        packageName: pkg.name,
        tags: pkg.nx?.tags ?? [],
        published: pkg.private !== true,
      });
    }
  }
  return projects.sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The projects by tag, as a Markdown table. */
export function projectsTable(projects: Project[]): string {
  const rows = projects.map((p) => `| \`${p.tags.join(', ')}\` | \`${p.dir}\` | \`${p.packageName}\` | ${p.published ? 'published' : 'private'} |`);
  return ['| tag | project | package | npm |', '|---|---|---|---|', ...rows.sort()].join('\n');
}

/** Which tag may import which, as a Markdown table and a mermaid graph (arrows point at what may be imported). */
export function boundariesSection(constraints: DepConstraint[], projects: Project[]): string {
  const projectsOf = (tag: string) =>
    projects
      .filter((p) => p.tags.includes(tag))
      .map((p) => p.name)
      .join(', ') || '—';
  const rows = constraints.map(
    (c) =>
      `| \`${c.sourceTag}\` (${projectsOf(c.sourceTag)}) | ${
        c.onlyDependOnLibsWithTags.length === 0 ? 'nothing of ours' : c.onlyDependOnLibsWithTags.map((t) => (t === '*' ? 'anything' : `\`${t}\``)).join(', ')
      } |`,
  );
  const node = (tag: string) => tag.replace('type:', '').replace('-', '_');
  const edges = constraints
    .filter((c) => !c.onlyDependOnLibsWithTags.includes('*') && c.sourceTag !== 'type:testing')
    .flatMap((c) => c.onlyDependOnLibsWithTags.map((to) => `  ${node(c.sourceTag)} --> ${node(to)}`));
  return ['| code tagged | may import projects tagged |', '|---|---|', ...rows, '', '```mermaid', 'flowchart TD', ...edges, '```'].join('\n');
}

async function main(check: boolean): Promise<number> {
  const { depConstraints } = (await import(pathToFileURL(join(ROOT, 'eslint.config.mjs')).href)) as { depConstraints: DepConstraint[] };
  const projects = workspaceProjects();
  const untagged = projects.filter((p) => p.tags.length === 0).map((p) => p.dir);
  if (untagged.length > 0) {
    console.error(`projects without a module-boundary tag: ${untagged.join(', ')}`);
    return 1;
  }
  const path = join(ROOT, PAGE);
  const text = readFileSync(path, 'utf8');
  const next = withMarkedSections(PAGE, text, 'generated', { projects: projectsTable(projects), boundaries: boundariesSection(depConstraints, projects) });
  if (next === text) {
    console.log(`${PAGE} up to date`);
    return 0;
  }
  if (check) {
    console.error(`${PAGE} is out of date with the projects or the module-boundary rules: run npx tsx tools/scripts/architecture.ts`);
    return 1;
  }
  writeFileSync(path, next);
  console.log(`rewrote ${PAGE}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.includes('--check')).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
