import type { SupportIntent } from '@org/orchestrator-contracts';
import { classifyByRules, sentences, splitSignature, stripInjections, stripQuoted, tokens } from '@org/orchestrator-agents';
import type { DraftSupportAnswerInput, DraftSupportAnswerOutput, KnowledgeArticle } from '../tasks/draft-support-answer';
import { DRAFT_TEMPLATES, draftLanguage } from './draft-templates';
import type { DraftLanguage } from './draft-templates';

function greetingName(input: DraftSupportAnswerInput): string | null {
  const name = input.facts.customer?.name ?? (typeof input.message.from === 'object' ? input.message.from?.name : undefined);
  return name ? name.split(/\s+/)[0] : null;
}

/** A small cross-language dictionary: message cues and the English words articles use for them. */
const HINTS: [RegExp, string][] = [
  [/refund|rückerstattung|erstattung|reembolso|remboursement|money back/i, 'refund'],
  [/\breturn|zurück|retour|devol/i, 'return'],
  [/exchange|umtausch|échange|cambio|size|größe|taille/i, 'exchange'],
  [/damaged|beschädigt|broken|gebrochen|kaputt|cassé|roto|crushed/i, 'damaged'],
  [/stopped working|not working|doesn'?t work|defect|funktioniert nicht|warranty|garantie|repair|reparatur/i, 'warranty defective'],
  [/password|passwort|kennwort|mot de passe|contraseña|log ?in|sign ?in|anmelden|locked/i, 'password login'],
  [/delete|löschen|supprimer|suppression|borrar|gdpr/i, 'delete account'],
  [
    /where is|tracking|arrived|angekommen|sendung|pedido|llegar|llegará|not received|recibido|shipping|shipped|dispatch|delivery|lieferung|livraison/i,
    'shipping tracking delivery',
  ],
];

/** Scores articles by the share of their title words that the message mentions (title weighs double). */
function rankArticles(message: string, articles: readonly KnowledgeArticle[]): { article: KnowledgeArticle; score: number }[] {
  const hints = HINTS.filter(([re]) => re.test(message)).map(([, words]) => words);
  const words = new Set(tokens(`${message} ${hints.join(' ')}`).map(stem));
  return articles
    .map((article) => {
      const title = tokens(article.title).map(stem);
      const body = new Set(tokens(article.body).map(stem));
      const titleHits = title.filter((w) => words.has(w)).length;
      const bodyHits = [...words].filter((w) => body.has(w)).length;
      const score = (2 * titleHits) / Math.max(1, title.length) + Math.min(1, bodyHits / 6);
      return { article, score: Math.round(score * 100) / 100 };
    })
    .filter((r) => r.score >= 0.3)
    .sort((a, b) => b.score - a.score || a.article.id.localeCompare(b.article.id));
}

/** A crude stemmer: enough to match "refunds"/"refund", "returned"/"return". */
function stem(word: string): string {
  return word.replace(/(ing|ed|es|s)$/, '');
}

/** The first `n` sentences of an article's prose: headings dropped, "e.g." kept whole. */
function firstSentences(markdown: string, n: number): string {
  const prose = markdown
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\s*\n\s*/g, ' ');
  return sentences(prose).slice(0, n).join(' ').trim();
}

/** A message that opens with thanks ("Thanks!", "Ok, thank you so much", "Danke!", "Merci beaucoup"). */
const THANKS =
  /^(?:(?:ok(?:ay)?|great|perfect|super|wonderful|prima|perfekt|parfait)[\s,!.]+)?(?:thanks?|thank you|thx|many thanks|danke|vielen dank|merci|gracias|grazie)(?![\p{L}])/iu;
/** Cues that the customer wants more than to say thanks: a question, a request, a "but", a "still not". */
const MORE_THAN_THANKS =
  /\?|\b(?:but|however|still|not|never|no|yet|again|please|could|can|would|need|want|send|in advance|aber|noch|nicht|kein|bitte|können|im voraus|mais|pas|toujours|encore|pourriez|pouvez|d'avance)\b|n't/i;

/**
 * The language of a short thank-you ("danke" → `de`, "merci" → `fr`, else `en`) when the new text
 * is only that (plus a name or signature), else `null`. Such a message needs no facts, only a
 * courteous close; anything longer or with a question or request is drafted normally.
 */
function shortThanks(message: string): DraftLanguage | null {
  const text = stripInjections(stripQuoted(message)).trim();
  if (!text || text.length > 160 || text.split(/\s+/).length > 20) return null;
  const first = text.split('\n', 1)[0].trim();
  if (!THANKS.test(first) || MORE_THAN_THANKS.test(text)) return null;
  return /danke|vielen dank/i.test(first) ? 'de' : /merci/i.test(first) ? 'fr' : /gracias/i.test(first) ? 'es' : 'en';
}

/** Deterministic support draft: a template per intent filled with order facts and the best articles. */
export function draftByRules(input: DraftSupportAnswerInput): DraftSupportAnswerOutput {
  // A customer who only says thanks gets a polite close, not a template about their order.
  const thanks = input.intent === undefined ? shortThanks(input.message.text) : null;
  if (thanks) {
    const t = DRAFT_TEMPLATES[thanks];
    return { body: [t.greeting(greetingName(input)), '', t.thanks, '', ...t.closing].join('\n'), articleIds: [], confidence: 0.9 };
  }

  const text = stripInjections(splitSignature(stripQuoted(input.message.text)).body);
  const subject = stripInjections(input.message.subject);
  const classified = classifyByRules({ subject, text });
  const intent: SupportIntent = input.intent ?? (classified.flow === 'support' ? (classified.intent as SupportIntent) : 'product-question');
  const ranked = rankArticles(`${subject} ${text}`, input.facts.articles).slice(0, 2);
  const order = input.facts.order ?? null;

  // Answer in the customer's language (English when it is not one we write).
  const t = DRAFT_TEMPLATES[draftLanguage(classified.language)];
  const parts: string[] = [t.greeting(greetingName(input)), '', t.intro[intent]];
  let factScore = 0;
  if (order) {
    factScore += 0.3;
    const facts = [t.orderStatus(order.id, order.status)];
    if (order.trackingNumber) {
      facts.push(t.tracking(order.carrier ?? null, order.trackingNumber));
      factScore += 0.1;
    }
    if (order.estimatedDelivery) facts.push(t.estimatedDelivery(order.estimatedDelivery));
    parts.push('', facts.join(' '));
  } else if (intent === 'order-status' || intent === 'refund-return') {
    parts.push('', t.askOrderNumber);
  }
  for (const { article } of ranked) parts.push('', `${article.title}: ${firstSentences(article.body, 2)}`);
  if (intent === 'refund-return' || intent === 'complaint') parts.push('', t.review);
  parts.push('', ...t.closing);

  const articleScore = ranked.length ? Math.min(0.5, ranked[0].score / 2) : 0;
  const base = intent === 'complaint' ? 0.2 : 0.3;
  const confidence = Math.round(Math.min(0.95, base + factScore + articleScore) * 100) / 100;
  return { body: parts.join('\n'), articleIds: ranked.map((r) => r.article.id), confidence };
}
