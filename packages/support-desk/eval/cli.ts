/**
 * `npm run eval:support -- [--provider rules|openai] [--set fixtures,fixtures-held-out] [--misses] [--write-readme]`
 *
 * Scores the support flow's draft task on the labelled fixture emails. With `--provider openai` the
 * same emails go to any OpenAI-compatible endpoint (OPENAI_BASE_URL, OPENAI_API_KEY, AGENT_MODEL, as
 * for the worker), so models can be compared with the offline rules. `--write-readme` (rules only)
 * regenerates the accuracy block of the support-desk README.
 */
import { join } from 'node:path';
import { providerFromEnv } from '@org/orchestrator-agents';
import { runEvalCli } from '@org/orchestrator-agents/eval';
import { SUPPORT_RULES } from '../src/node/support-rules';
import { DRAFT_SETS, runDraftReport } from './draft-accuracy';
import { README_MARKERS, draftReadmeSection, renderDraftReport } from './report';

void runEvalCli({
  command: 'eval:support',
  sets: DRAFT_SETS,
  // The rules provider answers the draft task with the support flow's own rules, as the worker's does.
  provider: (env) => providerFromEnv(env, { rules: SUPPORT_RULES }),
  report: runDraftReport,
  render: renderDraftReport,
  readme: { path: join(__dirname, '..', 'README.md'), markers: README_MARKERS, section: draftReadmeSection, written: 'the draft accuracy table' },
});
