/**
 * `npm run eval:procurement -- [--provider rules|openai] [--set dev,held-out,...] [--misses] [--write-readme]`
 *
 * Scores the procurement flow's agent tasks (`extract_purchase_request`, `read_quote`) on the
 * agents' labelled corpora. With `--provider openai` the same emails go to any OpenAI-compatible
 * endpoint (OPENAI_BASE_URL, OPENAI_API_KEY, AGENT_MODEL, as for the worker), so models can be
 * compared with the offline rules. `--write-readme` (rules only) regenerates the accuracy block of
 * the procurement README.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { providerFromEnv } from '@org/orchestrator-agents';
import { writeGeneratedBlock } from '@org/orchestrator-agents/eval';
import { PROCUREMENT_RULES } from '../src/node/procurement-rules';
import { PROCUREMENT_SETS, runProcurementReport } from './procurement-accuracy';
import type { ProcurementSet } from './procurement-accuracy';
import { README_MARKERS, procurementReadmeSection, renderProcurementReport } from './report';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      provider: { type: 'string', default: 'rules' },
      set: { type: 'string', default: PROCUREMENT_SETS.join(',') },
      misses: { type: 'boolean', default: false },
      'write-readme': { type: 'boolean', default: false },
    },
  });
  const sets = (values.set ?? '').split(',').map((s) => s.trim()) as ProcurementSet[];
  const unknown = sets.filter((s) => !PROCUREMENT_SETS.includes(s));
  if (unknown.length) throw new Error(`unknown set(s) ${unknown.join(', ')}; known: ${PROCUREMENT_SETS.join(', ')}`);
  // The rules provider answers the tasks with the procurement flow's own rules, as the worker's does.
  const provider = providerFromEnv({ ...process.env, AGENT_PROVIDER: values.provider }, { rules: PROCUREMENT_RULES });
  const report = await runProcurementReport(provider, sets);
  process.stdout.write(renderProcurementReport(report, { misses: values.misses ?? false }));
  if (values['write-readme']) {
    if (provider.name !== 'rules') throw new Error('--write-readme records the rules provider only');
    const path = join(__dirname, '..', 'README.md');
    writeGeneratedBlock(path, README_MARKERS, procurementReadmeSection(report));
    process.stdout.write(`\nwrote the procurement accuracy tables into ${path}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`eval:procurement: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
