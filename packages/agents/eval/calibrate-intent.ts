/**
 * Fits how the rules provider combines its naive Bayes model with the keyword cues
 * (`INTENT_COMBINATION` in src/providers/rules/classify.ts), by 5-fold cross-validation on the
 * development sets: each fold is scored by a model trained on the other four, so the fitted
 * temperature reflects unseen mail, not the model's memory of its training set.
 *
 *   npx tsx --conditions=@org/source packages/agents/eval/calibrate-intent.ts
 *
 * Prints, per candidate, out-of-fold accuracy, log loss and the share of wrong answers below the
 * confidence threshold; the best by log loss is listed last. With about 20 wrong answers one
 * mistake moves that share by 5 points, so the committed combination is taken from a plateau where
 * the neighbours also keep at least 80% of the wrong answers below the threshold, not from an edge.
 */
import { INTENT_COMBINATION, intentProbabilities } from '../src/providers/rules/classify';
import type { IntentCombination } from '../src/providers/rules/classify';
import { intentFeatures, trainIntentModel } from '../src/providers/rules/intent-model';
import { splitSignature, stripInjections, stripQuoted } from '../src/providers/rules/text';
import { AGENT_INTENTS, CLASSIFY_CONFIDENCE_THRESHOLD } from '../src/tasks/classify-thread';
import { loadSet } from '../src/eval/corpus';

const FOLDS = 5;

export interface Fit {
  combination: IntentCombination;
  accuracy: number;
  logLoss: number;
  /** Share of the wrong answers below the threshold (1 when there are none). */
  wrongFlagged: number;
  /** Share of the right answers below the threshold. */
  rightFlagged: number;
  /** The counts behind the shares. */
  counts: { wrong: number; wrongFlagged: number; right: number; rightFlagged: number };
}

/** Out-of-fold accuracy, log loss and flagged shares of one combination. */
export function evaluateCombination(combination: IntentCombination): Fit {
  const emails = [...loadSet('dev'), ...loadSet('fixtures')];
  const prepared = emails.map((e) => ({
    e,
    subject: stripInjections(e.email.subject),
    body: stripInjections(splitSignature(stripQuoted(e.email.text)).body),
  }));
  let right = 0;
  let logLoss = 0;
  let wrong = 0;
  let wrongFlagged = 0;
  let rightFlagged = 0;
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = prepared.filter((_, i) => i % FOLDS !== fold);
    const model = trainIntentModel(
      train.map((p) => ({ features: intentFeatures(p.subject, p.body), intent: p.e.expected.classify.intent })),
      AGENT_INTENTS,
    );
    for (const p of prepared.filter((_, i) => i % FOLDS === fold)) {
      const ranked = intentProbabilities(p.subject, p.body, p.e.email.from, model, combination);
      const want = p.e.expected.classify.intent;
      const pWant = ranked.find((r) => r.intent === want)?.p ?? 1e-12;
      logLoss -= Math.log(Math.max(pWant, 1e-12));
      const flagged = ranked[0].p < CLASSIFY_CONFIDENCE_THRESHOLD;
      if (ranked[0].intent === want) {
        right++;
        if (flagged) rightFlagged++;
      } else {
        wrong++;
        if (flagged) wrongFlagged++;
      }
    }
  }
  return {
    combination,
    accuracy: right / emails.length,
    logLoss: logLoss / emails.length,
    wrongFlagged: wrong ? wrongFlagged / wrong : 1,
    rightFlagged: rightFlagged / right,
    counts: { wrong, wrongFlagged, right, rightFlagged },
  };
}

if (require.main === module) {
  const fits: Fit[] = [];
  for (const temperature of [2, 3, 4, 5, 6])
    for (const lengthExponent of [0, 0.25, 0.5, 0.75])
      for (const minTemperature of [1, 2])
        for (const cueWeight of [0.8, 1, 1.2, 1.3, 1.5, 1.8])
          for (const otherBaseline of [0, 1]) fits.push(evaluateCombination({ temperature, lengthExponent, minTemperature, cueWeight, otherBaseline }));
  fits.sort((a, b) => b.logLoss - a.logLoss);
  const show = (f: Fit) =>
    `T=${f.combination.temperature} length^${f.combination.lengthExponent} min=${f.combination.minTemperature} cue=${f.combination.cueWeight} other=${f.combination.otherBaseline}: accuracy ${(f.accuracy * 100).toFixed(1)}%, ` +
    `log loss ${f.logLoss.toFixed(3)}, wrong below ${CLASSIFY_CONFIDENCE_THRESHOLD}: ${(f.wrongFlagged * 100).toFixed(0)}%, right below: ${(f.rightFlagged * 100).toFixed(0)}%`;
  for (const f of fits.slice(-10)) process.stdout.write(`${show(f)}\n`);
  process.stdout.write(`current: ${show(evaluateCombination(INTENT_COMBINATION))}\n`);
}
