import type { AgentIntent, ClassifyThreadInput, ClassifyThreadOutput, Sentiment, Urgency } from '../../tasks/classify-thread';
import { findDates, referenceDay } from './dates';
import { findMoney } from './numbers';
import { DECLINE } from './quote';
import { detectLanguage, splitSignature, stripInjections, stripQuoted } from './text';

type Cue = [RegExp, number];

/** Weighted cues per intent (English, German, French, Spanish). Subject cues count double. */
const INTENT_CUES: Record<AgentIntent, Cue[]> = {
  'purchase-request': [
    [/\b(purchase|procurement)\s+(request|requisition)\b|\brequisition\b|\bbeschaffung\b|\bbestellanforderung\b|\bbeschaffungsantrag\b|\bdemande d'achat\b|\bsolicitud de compra\b/i, 4],
    [/\b(we|i|the team|our team)\s+(urgently\s+)?(need|needs|require|would like to order)\b|\bwe('d| would) need\b|\b(please|could you|can you|kindly)\s+(order|buy|purchase|source|procure)\b|\bneed to (order|buy|purchase)\b/i, 3],
    [/\b(wir|ich)\s+(benötigen|brauchen)\b|\b(benötigen|brauchen) wir\b|\bbitte\s+(bestellen|beschaffen)\b|\bnous avons besoin\b|\bnecesitamos\b/i, 3],
    [/\b(budget|kostenrahmen|presupuesto)\b/i, 2],
    [/\b(needed by|deliver(ed|y)? to|ship to|lieferadresse|liefern an|lieferung an|livraison)\b/i, 1],
    [/\b(please |to |and |could you |can you )(order|buy|purchase|procure)\s+(\d+|an?|some|new|more)\b/i, 2],
    [/\bneeds? (a |an )?new\b/i, 1],
    [/\b(could|can|shall|should) (we|you|i) (please )?(order|buy|purchase|get|rent|source|arrange)\b|\bwe need to (rent|order|buy|purchase|book)\b|\bbitte\b[^.\n]{0,80}\b(bestellen|beschaffen|besorgen)\b/i, 3],
    [/^\s*(?:[-*•]|\d+[.)])\s*\d+\s*(x|×|pcs|pieces|units|boxes|licen[cs]es|stück|stk)?\s*\p{L}/imu, 1],
  ],
  quote: [
    [/\b(quotation|our (offer|quote)|we (are pleased to|can|hereby) (offer|quote)|please find (below |attached )?our (quote|offer|quotation)|angebot|devis|cotización|offerte)\b/i, 4],
    [/\b(unit price|price per (unit|piece)|einzelpreis|stückpreis|prix unitaire|precio unitario)\b/i, 3],
    [/\d\s*(€|eur|usd|gbp|chf|\$|£)?\s*(each|per (unit|piece|pc)|\/\s*(unit|pc|stk))\b|\bwe can do\b/i, 3],
    [/\b(valid (until|till|thru|for|through)|validity|gültig bis|gültigkeit|valable jusqu|offer expires)\b/i, 2],
    [/\b(lead time|lieferzeit|délai de livraison|plazo de entrega)\b/i, 2],
    [/\b(payment terms?|zahlungsbedingungen|conditions de paiement|incoterms?|EXW|DAP|DDP|FCA)\b/i, 2],
    [/\b((re|aw|wg|tr):\s*(rfq|request for quot\w*|anfrage|demande de prix))\b|\brfq\b/i, 2],
    [/\b(unable to (quote|offer|supply)|cannot (quote|offer|supply)|can't (quote|offer|supply)|regret to inform|must decline|no longer (stock|carry|produce|manufacture)|leider (nicht|kein)\w*\s+(anbieten|liefern)|nicht anbieten)\b/i, 3],
  ],
  'order-status': [
    [/\b(where is my (order|package|parcel|delivery)|order status|tracking( number| link)?|track my|has(n't| not) (arrived|shipped|been (shipped|delivered))|not (yet )?(arrived|received|delivered)|still waiting|when will (it|they|my \w+|the \w+|the order) (arrive|ship|be (shipped|delivered|dispatched|sent))|any news (on|about) (my )?order|wo (ist|bleibt) meine (bestellung|lieferung)|sendungsverfolgung|noch nicht (angekommen|geliefert|erhalten)|où en est ma commande|pas encore reçu|dónde está mi pedido|no he recibido|todavía no)\b/i, 4],
    [/\b(delivery|shipping|shipment|dispatch|shipped|lieferung|versand|livraison|envío)\b/i, 1],
    [/\border\s*(no\.?|number|#)?\s*#?[A-Z]?\d{4,}\b/i, 2],
  ],
  'refund-return': [
    [/\b(refund|money back|reimburse\w*|return (it|them|the|this|my)|send (it|them) back|return label|exchange (it|for)|rückerstattung|erstattung|zurückschicken|zurücksenden|umtausch|widerruf|remboursement|retourner|devolución|reembolso|devolver)\b/i, 4],
    [/\b(returns?|retoure|retour)\b/i, 2],
    [/\b(wrong (size|item|colou?r)|doesn't fit|does not fit|too (small|big|large)|falsche größe|passt nicht)\b/i, 2],
  ],
  'product-question': [
    [/\b(is (it|this|the \w+) compatible|compatible with|does (it|the \w+( \w+)?|this \w+) (have|support|work|come|fit|include|last)|can i use|which (size|model|version|one)|what is the difference|how (do|does|can) (i|it|you)|how (many|long|much)\b|is (it|the \w+) (waterproof|available|in stock|suitable)|do you (sell|have|offer|ship)|question about|specifications?|dimensions|ist (es|das|der|die) .{0,20}(kompatibel|geeignet|wasserdicht)|funktioniert (das|es) mit|est-ce que .{0,30}compatible|es compatible)\b/i, 3],
    [/\b(frage zu[mr]?|kann man|wie lange|gibt es|question sur|pregunta sobre)\b/i, 3],
    [/\?\s*$/m, 1],
    [/\b(before (i|we) (buy|order)|planning to (buy|order)|considering)\b/i, 2],
  ],
  complaint: [
    [/\b(complaint|complain|unacceptable|disappointed|disappointing|terrible|horrible|awful|worst|rude|outrageous|ridiculous|fed up|never again|beschwerde|unverschämt|enttäuscht|inakzeptabel|réclamation|inadmissible|déçu|queja|inaceptable)\b/i, 4],
    [/\b(third time|several times|again and again|no one (has )?(answered|replied|responded)|nobody (answers|replied|responded)|still (broken|not (fixed|resolved)))\b/i, 2],
    [/\b(broken|damaged|defective|faulty|stopped working|doesn'?t work|kaputt|beschädigt|defekt|cassé|endommagé|roto|dañado)\b/i, 1],
  ],
  account: [
    [/\b(password|log ?in|sign ?in|my account|account (settings|locked|blocked|access)|reset (my )?password|two-factor|2fa|verification code|change (my )?(email|e-mail|address|billing)|delete my (account|data)|gdpr|passwort|kennwort|anmelden|einloggen|mein (konto|kundenkonto)|mot de passe|mon compte|contraseña|mi cuenta)\b/i, 4],
    [/\b(username|e-?mail address|profile|newsletter subscription)\b/i, 1],
  ],
  other: [
    [/\b(newsletter|webinar|unsubscribe|out of (the )?office|abwesenheitsnotiz|automatic reply|auto-?reply|invitation|einladung|lunch|team event|birthday|congratulations|save the date|seo|backlinks|lottery|you have won|crypto|press release|survey|umfrage|conference|meetup)\b/i, 3],
    [/\b(invoice attached|your invoice|rechnung anbei)\b/i, 1],
  ],
};

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

const URGENT = /\b(urgent(ly)?|asap|as soon as possible|immediately|right away|today|by tomorrow|end of (the )?day|eod|critical|emergency|production (is )?(down|stopped)|dringend|sofort|umgehend|eilig|urgente?|inmédiatement|lo antes posible)\b/i;
const NOT_URGENT = /\b(no rush|no hurry|not urgent|whenever (you|it)|low priority|when you (get|have) a (chance|moment)|keine eile|nicht dringend|pas urgent|sin prisa)\b/i;
const NEGATIVE = /\b(disappointed|disappointing|unacceptable|terrible|horrible|awful|worst|angry|annoyed|frustrat\w*|upset|unhappy|not happy|complaint|broken|damaged|defective|faulty|still (not|waiting|broken)|rude|ridiculous|fed up|enttäuscht|ärgerlich|verärgert|kaputt|beschädigt|defekt|inakzeptabel|déçu|mécontent|cassé|decepcionad\w*|roto|dañado|no funciona|funktioniert nicht|doesn'?t work|stopped working|hasn't arrived|has not arrived|locked out)\b/i;
const POSITIVE = /\b(love|great|excellent|fantastic|wonderful|amazing|delighted|very happy|really happy|happy with|pleased with|awesome|super zufrieden|sehr zufrieden|toll|génial|ravi|encantad\w*)\b/i;

/** Scores every intent; subject matches count double. */
function scoreIntents(subject: string, body: string): { intent: AgentIntent; score: number }[] {
  return (Object.entries(INTENT_CUES) as [AgentIntent, Cue[]][]).map(([intent, cues]) => ({
    intent,
    score: cues.reduce((sum, [re, w]) => sum + (re.test(body) ? w : 0) + (re.test(subject) ? w : 0), 0),
  }));
}

/** Deterministic classification by weighted cues, after removing quotes and injection attempts. */
export function classifyByRules(input: ClassifyThreadInput): ClassifyThreadOutput {
  const subject = stripInjections(input.subject);
  const body = stripInjections(splitSignature(stripQuoted(input.text)).body);
  const scores = scoreIntents(subject, body).sort((a, b) => b.score - a.score);
  let [best] = scores;
  const second = scores[1];
  // A quote needs money: a "quotation" without any amount or decline is more likely a request for one.
  if (best.intent === 'quote' && findMoney(body).length === 0 && !DECLINE.test(body)) {
    best = scores.find((s) => s.intent !== 'quote') ?? best;
  }
  const total = scores.reduce((n, s) => n + s.score, 0);
  const clear = best.score >= 3 && best.score > second.score;
  const intent: AgentIntent = best.score >= 3 ? best.intent : 'other';
  const flow = FLOW_OF[intent];
  const confidence = best.score < 3 ? 0.5 : Math.round(Math.min(0.95, (best.score / (total + 1)) * (clear ? 1 : 0.7)) * 100) / 100;

  const all = `${subject}\n${body}`;
  let urgency: Urgency = 'normal';
  // Mail that is not ours to act on (newsletters, auto-replies, invitations) is never urgent for us.
  if (NOT_URGENT.test(all) || flow === 'other') urgency = 'low';
  else if (URGENT.test(all)) urgency = 'high';
  else {
    const ref = referenceDay(input.receivedAt);
    const soon = ref && findDates(body, input.receivedAt).some((d) => Date.parse(d.date) - ref.getTime() <= 3 * 86_400_000 && Date.parse(d.date) >= ref.getTime());
    if (soon && flow === 'procurement') urgency = 'high';
  }

  let sentiment: Sentiment = 'neutral';
  const negative = NEGATIVE.test(all) || intent === 'complaint';
  if (negative) sentiment = 'negative';
  else if (POSITIVE.test(all)) sentiment = 'positive';

  return { flow, intent, urgency, language: detectLanguage(`${input.subject}\n${body}`), sentiment, confidence };
}
