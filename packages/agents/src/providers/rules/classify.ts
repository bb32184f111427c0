import type { AgentIntent, ClassifyThreadInput, ClassifyThreadOutput, Sentiment, Urgency } from '../../tasks/classify-thread';
import type { AgentSender } from '../../task';
import { findDates, referenceDay } from './dates';
import { INTENT_CUES } from './intent-cues';
import type { Cue } from './intent-cues';
import { intentFeatures, intentPosterior } from './intent-model';
import type { IntentModel } from './intent-model';
import intentModelWeights from './intent-model.json';
import { detectLanguage } from './language';
import { findMoney } from './numbers';
import { DECLINE } from './decline';
import { splitSignature, stripInjections, stripQuoted } from './text';

const INTENT_MODEL = intentModelWeights as IntentModel;

const FLOW_OF: Record<AgentIntent, ClassifyThreadOutput['flow']> = {
  'purchase-request': 'procurement',
  quote: 'procurement',
  'order-status': 'support',
  'refund-return': 'support',
  'product-question': 'support',
  complaint: 'support',
  account: 'support',
  other: 'other',
};

/** Mailboxes that send bulk or automated mail. */
const BULK_SENDER = /^(no-?reply|do-?not-?reply|newsletter|news|nieuws|promo|marketing|notifications?|events?|survey|umfrage|press|info-?mail)@/i;

const URGENT =
  /\b(urgent(ly)?|asap|as soon as possible|immediately|right away|critical|emergency|production (is )?(down|stopped)|blockiert|steht still|dringend|sofort|umgehend|eilig|eilt|urgente?|inmédiatement|immédiatement|lo antes posible|cuanto antes|subito|spoed)\b/i;
/** A deadline today or tomorrow ("I need it before 6pm today", "bis morgen", "livraison ce jour"). */
const SAME_DAY =
  /\b(need|needs|needed|must|have to|has to|before|by|until|latest|expect|answer)\b[^.!?\n]{0,60}\b(today|tonight|tomorrow|this (morning|afternoon|evening)|end of (the )?day|eod)\b|\b(today|tonight)\s*(please|pls|!)|\b(heute noch|noch heute|bis morgen|bis heute)\b|\baujourd'hui\b|\bce jour\b|\bpara hoy\b|\bhoy mismo\b|\bentro oggi\b|\bvandaag nog\b/i;
/** Legal steps and repeated contact make a message urgent whatever its words say. */
const ESCALATING =
  /\b(legal (action|proceedings|steps)|proceedings|solicitors?|lawyers?|court|formal notice|notice before action|chargeback|trading standards|rechtliche schritte|anwalt|gericht|anzeige|letztmalig|mise en demeure|tribunal|abogad[oa]|por última vez|avvocato|diffida|advocaat|(second|third|fourth|fifth) (time|email)|(zum|das) (dritten|vierten) mal|written (three|four|several) times)\b/i;
const NOT_URGENT =
  /\b(no rush|no hurry|not urgent|whenever (you|it)|low priority|when you (get|have) a (chance|moment)|sometime|keine eile|eilt nicht|nicht dringend|pas urgent|sin prisa|senza fretta|geen haast)\b/i;
const NEGATIVE =
  /\b(disappointed|disappointing|unacceptable|terrible|horrible|awful|worst|angry|annoyed|frustrat\w*|upset|unhappy|not happy|complaint|broken|damaged|defective|faulty|still (not|waiting|broken)|rude|ridiculous|fed up|torn|smashed|crashing|failed|enttäuscht|ärgerlich|verärgert|kaputt|beschädigt|defekt|inakzeptabel|déçue?|mécontent|cassé|inadmissible|decepcionad\w*|roto|dañado|no funciona|funktioniert nicht|doesn'?t work|stopped working|hasn't arrived|has not arrived|locked out|never got|kapot|onacceptabel|lukt niet|foutmelding|deluso|ne marche pas|ne marche plus|deixou de funcionar|não consigo|sperrt|gesperrt|legal (action|proceedings)|proceedings|chargeback|anwalt|mise en demeure|tribunal|abogado)\b|\?\?/i;
/** Courtesy, not feeling: "would be great if", "that would be great". */
const POLITE_FORMULA = /\b(it |that )?would be (great|wonderful|fantastic)\b/gi;
const POSITIVE =
  /\b(love|lovely|great|excellent|fantastic|wonderful|amazing|delighted|very happy|really happy|happy with|pleased with|awesome|celebrate|super zufrieden|sehr zufrieden|toll|génial|ravi|encantad\w*)\b/i;

/** Scores every intent by its cues; subject matches count double. */
export function cueScores(classes: readonly AgentIntent[], subject: string, body: string, from: AgentSender | undefined): number[] {
  const address = typeof from === 'string' ? from : from?.address;
  return classes.map((intent) => {
    const cues: Cue[] = INTENT_CUES[intent];
    let score = cues.reduce((sum, [re, w]) => sum + (re.test(body) ? w : 0) + (re.test(subject) ? w : 0), 0);
    if (intent === 'other' && address && BULK_SENDER.test(address.replace(/^.*<|>.*$/g, ''))) score += 4;
    return score;
  });
}

/**
 * How the two halves are combined: the model's log posterior is divided by a temperature (naive
 * Bayes is overconfident: it counts correlated words as independent evidence) that grows with the
 * number of words the model knows, cue scores are weighted, and `other` starts from a baseline so
 * mail without any cue stays `other`. Fitted by 5-fold cross-validation on the development sets
 * (`eval/calibrate-intent.ts`), for calibration (log loss) rather than in-sample accuracy.
 */
export interface IntentCombination {
  /** The temperature of a mail with {@link REFERENCE_FEATURES} known features. */
  temperature: number;
  /**
   * How the temperature grows with the number of known features n:
   * T = max(minTemperature, temperature * (n / REFERENCE_FEATURES)^lengthExponent). Naive Bayes' overconfidence comes from counting correlated words as independent
   * evidence, so it grows with the words counted: a short clear question needs less damping than
   * a long mail, and one temperature for both makes short mail look unsure.
   */
  lengthExponent: number;
  /**
   * The temperature never falls below this: a mail of one or two known words ("Quick question")
   * carries little evidence however distinctive the words, and must not look sure.
   */
  minTemperature: number;
  cueWeight: number;
  otherBaseline: number;
}

/** The feature count at which the temperature is `temperature`. */
export const REFERENCE_FEATURES = 30;

export const INTENT_COMBINATION: IntentCombination = { temperature: 4, lengthExponent: 0.5, minTemperature: 2, cueWeight: 1.3, otherBaseline: 0 };

/** Intent probabilities from a model and the cues, most likely first. */
export function intentProbabilities(
  subject: string,
  body: string,
  from?: AgentSender,
  model: IntentModel = INTENT_MODEL,
  combination: IntentCombination = INTENT_COMBINATION,
): { intent: AgentIntent; p: number }[] {
  const features = intentFeatures(subject, body);
  const posterior = intentPosterior(model, features);
  const cues = cueScores(model.classes, subject, body, from);
  const known = features.filter((f) => Object.hasOwn(model.logLikelihoods, f)).length;
  const temperature = Math.max(combination.minTemperature, combination.temperature * (Math.max(1, known) / REFERENCE_FEATURES) ** combination.lengthExponent);
  const logits = model.classes.map(
    (intent, i) =>
      Math.log(Math.max(posterior[i], 1e-12)) / temperature + combination.cueWeight * (cues[i] + (intent === 'other' ? combination.otherBaseline : 0)),
  );
  const max = Math.max(...logits);
  const exp = logits.map((l) => Math.exp(l - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return model.classes.map((intent, i) => ({ intent, p: exp[i] / sum })).sort((a, b) => b.p - a.p);
}

/** Deterministic classification after removing quotes and injection attempts. */
export function classifyByRules(input: ClassifyThreadInput): ClassifyThreadOutput {
  const subject = stripInjections(input.subject);
  const body = stripInjections(splitSignature(stripQuoted(input.text)).body);
  const ranked = intentProbabilities(subject, body, input.from);
  let [best] = ranked;
  // A quote needs money or a decline: a "quotation" without either is more likely a request for one.
  if (best.intent === 'quote' && findMoney(body).length === 0 && !DECLINE.test(body) && !INTENT_CUES.quote[1][0].test(body)) {
    best = ranked.find((s) => s.intent !== 'quote') ?? best;
  }
  const intent = best.intent;
  const flow = FLOW_OF[intent];
  // The intent's probability, as calibrated by eval/calibrate-intent.ts (flow and intent must both be right).
  const confidence = Math.round(Math.min(0.99, best.p) * 100) / 100;

  const all = `${subject}\n${body}`;
  let urgency: Urgency = 'normal';
  // Mail that is not ours to act on (newsletters, auto-replies, invitations) is never urgent for us;
  // nor is a supplier's answer (the deadline is ours, set in the request).
  if (flow === 'other') urgency = 'low';
  else if (intent === 'quote') urgency = 'normal';
  else if (ESCALATING.test(all) || URGENT.test(all) || SAME_DAY.test(all)) urgency = 'high';
  else if (NOT_URGENT.test(all)) urgency = 'low';
  else {
    const ref = referenceDay(input.receivedAt);
    // A purchase needed within three days is urgent; a customer's dates are mostly about the past.
    const soon =
      ref &&
      flow === 'procurement' &&
      findDates(body, input.receivedAt).some((d) => Date.parse(d.date) - ref.getTime() <= 3 * 86_400_000 && Date.parse(d.date) >= ref.getTime());
    if (soon) urgency = 'high';
  }

  let sentiment: Sentiment = 'neutral';
  if (NEGATIVE.test(all) || intent === 'complaint') sentiment = 'negative';
  else if (POSITIVE.test(all.replace(POLITE_FORMULA, ''))) sentiment = 'positive';

  return { flow, intent, urgency, language: detectLanguage(`${input.subject}\n${body}`), sentiment, confidence };
}
