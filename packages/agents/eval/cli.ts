/**
 * `npm run eval:agents -- [--provider rules|openai] [--set dev,held-out,...] [--misses] [--write-readme]`
 *
 * Runs the labelled corpora through a provider and prints the accuracy tables. With `--provider
 * openai` the same corpus goes to any OpenAI-compatible endpoint (OPENAI_BASE_URL, OPENAI_API_KEY,
 * AGENT_MODEL, as for the worker), so models can be compared with the offline rules.
 * `--write-readme` (rules only) regenerates the accuracy section of the agents README.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { providerFromEnv } from '../src/config';
import { INTENT_COMBINATION } from '../src/providers/rules/classify';
import { evaluateCombination } from './calibrate-intent';
import { CORPUS_SETS } from '../src/eval/corpus';
import type { CorpusSet } from '../src/eval/corpus';
import { writeGeneratedBlock } from '../src/eval/generated-block';
import { README_MARKERS, readmeSection, renderReport, runReport } from './report';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      provider: { type: 'string', default: 'rules' },
      set: { type: 'string', default: CORPUS_SETS.join(',') },
      misses: { type: 'boolean', default: false },
      'write-readme': { type: 'boolean', default: false },
    },
  });
  const sets = (values.set ?? '').split(',').map((s) => s.trim()) as CorpusSet[];
  const unknown = sets.filter((s) => !CORPUS_SETS.includes(s));
  if (unknown.length) throw new Error(`unknown set(s) ${unknown.join(', ')}; known: ${CORPUS_SETS.join(', ')}`);
  const provider = providerFromEnv({ ...process.env, AGENT_PROVIDER: values.provider });
  const report = await runReport(provider, sets);
  process.stdout.write(renderReport(report, { misses: values.misses ?? false }));
  if (values['write-readme']) {
    if (provider.name !== 'rules') throw new Error('--write-readme records the rules provider only');
    const path = join(__dirname, '..', 'README.md');
    writeGeneratedBlock(path, README_MARKERS, readmeSection(report, evaluateCombination(INTENT_COMBINATION)));
    process.stdout.write(`\nwrote the accuracy tables into ${path}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`eval:agents: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
