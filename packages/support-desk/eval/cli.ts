/**
 * `npm run eval:support -- [--provider rules|openai] [--set fixtures,fixtures-held-out] [--misses] [--write-readme]`
 *
 * Scores the support flow's draft task on the labelled fixture emails. With `--provider openai` the
 * same emails go to any OpenAI-compatible endpoint (OPENAI_BASE_URL, OPENAI_API_KEY, AGENT_MODEL, as
 * for the worker), so models can be compared with the offline rules. `--write-readme` (rules only)
 * regenerates the accuracy block of the support-desk README.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { providerFromEnv } from '@org/orchestrator-agents';
import { writeGeneratedBlock } from '@org/orchestrator-agents/eval';
import { SUPPORT_RULES } from '../src/node/support-rules';
import { DRAFT_SETS, runDraftReport } from './draft-accuracy';
import type { DraftSet } from './draft-accuracy';
import { README_MARKERS, draftReadmeSection, renderDraftReport } from './report';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      provider: { type: 'string', default: 'rules' },
      set: { type: 'string', default: DRAFT_SETS.join(',') },
      misses: { type: 'boolean', default: false },
      'write-readme': { type: 'boolean', default: false },
    },
  });
  const sets = (values.set ?? '').split(',').map((s) => s.trim()) as DraftSet[];
  const unknown = sets.filter((s) => !DRAFT_SETS.includes(s));
  if (unknown.length) throw new Error(`unknown set(s) ${unknown.join(', ')}; known: ${DRAFT_SETS.join(', ')}`);
  // The rules provider answers the draft task with the support flow's own rules, as the worker's does.
  const provider = providerFromEnv({ ...process.env, AGENT_PROVIDER: values.provider }, { rules: SUPPORT_RULES });
  const report = await runDraftReport(provider, sets);
  process.stdout.write(renderDraftReport(report, { misses: values.misses ?? false }));
  if (values['write-readme']) {
    if (provider.name !== 'rules') throw new Error('--write-readme records the rules provider only');
    const path = join(__dirname, '..', 'README.md');
    writeGeneratedBlock(path, README_MARKERS, draftReadmeSection(report));
    process.stdout.write(`\nwrote the draft accuracy table into ${path}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`eval:support: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
