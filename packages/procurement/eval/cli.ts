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
import { providerFromEnv } from '@org/orchestrator-agents';
import { runEvalCli } from '@org/orchestrator-agents/eval';
import { PROCUREMENT_RULES } from '../src/node/procurement-rules';
import { PROCUREMENT_SETS, runProcurementReport } from './procurement-accuracy';
import { README_MARKERS, procurementReadmeSection, renderProcurementReport } from './report';

void runEvalCli({
  command: 'eval:procurement',
  sets: PROCUREMENT_SETS,
  // The rules provider answers the tasks with the procurement flow's own rules, as the worker's does.
  provider: (env) => providerFromEnv(env, { rules: PROCUREMENT_RULES }),
  report: runProcurementReport,
  render: renderProcurementReport,
  readme: { path: join(__dirname, '..', 'README.md'), markers: README_MARKERS, section: procurementReadmeSection, written: 'the procurement accuracy tables' },
});
