/**
 * `npm run eval:agents -- [--provider rules|openai] [--set dev,held-out,...] [--misses] [--write-readme]`
 *
 * Runs the labelled corpora through a provider and prints the accuracy tables. With `--provider
 * openai` the same corpus goes to any OpenAI-compatible endpoint (OPENAI_BASE_URL, OPENAI_API_KEY,
 * AGENT_MODEL, as for the worker), so models can be compared with the offline rules.
 * `--write-readme` (rules only) regenerates the accuracy section of the agents README.
 */
import { join } from 'node:path';
import { providerFromEnv } from '../src/config';
import { INTENT_COMBINATION } from '../src/providers/rules/classify';
import { evaluateCombination } from './calibrate-intent';
import { CORPUS_SETS } from '../src/eval/corpus';
import { runEvalCli } from '../src/eval/cli-runner';
import { README_MARKERS, readmeSection, renderReport, runReport } from './report';

void runEvalCli({
  command: 'eval:agents',
  sets: CORPUS_SETS,
  provider: (env) => providerFromEnv(env),
  report: runReport,
  render: renderReport,
  readme: {
    path: join(__dirname, '..', 'README.md'),
    markers: README_MARKERS,
    section: (report) => readmeSection(report, evaluateCombination(INTENT_COMBINATION)),
    written: 'the accuracy tables',
  },
});
