/**
 * A naive Bayes model of the intent (multinomial over binary word occurrences), trained on the development corpus by
 * `eval/train-intent-model.ts` (weights committed in `intent-model.json`, no download at run time).
 * Features are word unigrams of subject and body plus a few shape tokens (money, counted items,
 * questions, opt-out links), so the model also carries cues that no keyword list names.
 */
import type { AgentIntent } from '../../tasks/classify-thread';
import { findMoney } from './numbers';

/** The committed weights: per class a log prior, per feature the log likelihood of each class. */
export interface IntentModel {
  classes: AgentIntent[];
  logPriors: number[];
  /** feature -> log P(feature | class), one entry per class. */
  logLikelihoods: Record<string, number[]>;
  /** log P(unseen feature | class): the Laplace floor. */
  logUnseen: number[];
}

const SHAPES: [RegExp, string][] = [
  [/^\s*(?:[-*•]|\d+[.)])?\s*\d+\s*(?:x|×)?\s*\p{L}/mu, '_counted_'],
  [/\?/, '_question_'],
  [/\b(unsubscribe|abmelden|désabonner|désinscrire|darse de baja|date de baja|afmelden|annullare l'iscrizione|manage preferences)\b/i, '_optout_'],
  [/\|/, '_table_'],
  [/\b(order|bestellung|commande|pedido|ordine|bestelling|encomenda)\s*(no\.?|nr\.?|#)?\s*\d{4,}/i, '_orderref_'],
];

/**
 * Feature tokens of an email: each word once per part (subject, body), so a word in both counts
 * twice and a word repeated a thousand times counts once: repetition cannot sway the model.
 */
export function intentFeatures(subject: string, body: string): string[] {
  const words = (t: string) => new Set((t.toLowerCase().match(/\p{L}[\p{L}']+/gu) ?? []).filter((w) => w.length <= 30));
  const features = [...words(subject), ...words(body)];
  const all = `${subject}\n${body}`;
  if (findMoney(all).length) features.push('_money_');
  for (const [re, token] of SHAPES) if (re.test(all)) features.push(token);
  return features;
}

/** Posterior probability of each class (softmax of the log joint), in the model's class order. */
export function intentPosterior(model: IntentModel, features: readonly string[]): number[] {
  const scores = [...model.logPriors];
  for (const f of features) {
    const row = model.logLikelihoods[f];
    if (!row) continue; // unseen words carry no evidence either way
    for (let c = 0; c < scores.length; c++) scores[c] += row[c];
  }
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

/** Trains the model: Laplace smoothing, features seen fewer than `minCount` times dropped. */
export function trainIntentModel(
  examples: readonly { features: readonly string[]; intent: AgentIntent }[],
  classes: readonly AgentIntent[],
  minCount = 2,
): IntentModel {
  const total = new Map<string, number>();
  for (const e of examples) for (const f of e.features) total.set(f, (total.get(f) ?? 0) + 1);
  const vocab = [...total.keys()].filter((f) => (total.get(f) ?? 0) >= minCount).sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const counts = classes.map(() => new Array<number>(vocab.length).fill(0));
  const docs = classes.map(() => 0);
  for (const e of examples) {
    const c = classes.indexOf(e.intent);
    if (c < 0) throw new Error(`unknown intent ${e.intent}`);
    docs[c]++;
    for (const f of e.features) {
      const i = index.get(f);
      if (i !== undefined) counts[c][i]++;
    }
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const sums = counts.map((row) => row.reduce((a, b) => a + b, 0) + vocab.length);
  const logLikelihoods: Record<string, number[]> = {};
  vocab.forEach((f, i) => {
    logLikelihoods[f] = classes.map((_, c) => round(Math.log((counts[c][i] + 1) / sums[c])));
  });
  return {
    classes: [...classes],
    // A flat prior: the corpus's class mix says how it was written, not what the mailbox receives.
    logPriors: classes.map(() => round(Math.log(1 / classes.length))),
    logLikelihoods,
    logUnseen: sums.map((s) => round(Math.log(1 / s))),
  };
}
