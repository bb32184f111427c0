/**
 * Trains the rules provider's naive Bayes intent model on the development sets (the fresh corpus
 * and the earlier fixtures; never the held-out sets) and writes its weights, which are committed:
 *
 *   npx tsx --conditions=@org/source packages/agents/eval/train-intent-model.ts [--check]
 *
 * Deterministic: the same corpus gives byte-identical weights (`--check` fails if the committed
 * file differs, and a test does the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitSignature, stripInjections, stripQuoted } from '../src/providers/rules/text';
import { intentFeatures, trainIntentModel } from '../src/providers/rules/intent-model';
import type { IntentModel } from '../src/providers/rules/intent-model';
import { AGENT_INTENTS } from '../src/tasks/classify-thread';
import { loadSet } from '../src/eval/corpus';

export const INTENT_MODEL_PATH = join(__dirname, '..', 'src/providers/rules/intent-model.json');

/** The model trained on today's development sets. */
export function trainFromCorpus(): IntentModel {
  const examples = [...loadSet('dev'), ...loadSet('fixtures')].map(({ email, expected }) => ({
    features: intentFeatures(stripInjections(email.subject), stripInjections(splitSignature(stripQuoted(email.text)).body)),
    intent: expected.classify.intent,
  }));
  return trainIntentModel(examples, AGENT_INTENTS);
}

/** The model serialised as committed (one feature per line keeps diffs readable). */
export function serialiseModel(model: IntentModel): string {
  const rows = Object.entries(model.logLikelihoods).map(([f, v]) => `    ${JSON.stringify(f)}: ${JSON.stringify(v)}`);
  return [
    '{',
    `  "classes": ${JSON.stringify(model.classes)},`,
    `  "logPriors": ${JSON.stringify(model.logPriors)},`,
    `  "logUnseen": ${JSON.stringify(model.logUnseen)},`,
    '  "logLikelihoods": {',
    rows.join(',\n'),
    '  }',
    '}',
    '',
  ].join('\n');
}

if (require.main === module) {
  const text = serialiseModel(trainFromCorpus());
  if (process.argv.includes('--check')) {
    if (readFileSync(INTENT_MODEL_PATH, 'utf8') !== text) {
      process.stderr.write(`${INTENT_MODEL_PATH} is stale: run this script without --check and commit the result\n`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(INTENT_MODEL_PATH, text);
    process.stdout.write(`wrote ${INTENT_MODEL_PATH}\n`);
  }
}
