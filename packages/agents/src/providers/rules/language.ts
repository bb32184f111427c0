/**
 * Language identification: `franc-min` (trigram statistics) restricted to the languages the
 * mailbox is expected to receive, with a stop-word vote for texts too short for trigrams.
 */
import { francAll } from 'franc-min';

/** ISO 639-3 (what franc returns) to ISO 639-1 (what the schema carries), for the languages we read. */
const ISO_639_1: Record<string, string> = { eng: 'en', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', nld: 'nl', por: 'pt' };
const CANDIDATES = Object.keys(ISO_639_1);

/** Words that occur often in one language and rarely in the others. */
const STOPWORDS: Record<string, string[]> = {
  en: [
    'the',
    'and',
    'is',
    'are',
    'you',
    'we',
    'please',
    'pls',
    'for',
    'with',
    'my',
    'our',
    'have',
    'this',
    'of',
    'to',
    'would',
    'can',
    'thanks',
    'any',
    'it',
    'its',
    'need',
    'hi',
  ],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'sie',
    'wir',
    'bitte',
    'für',
    'mit',
    'mein',
    'meine',
    'nicht',
    'ich',
    'ein',
    'eine',
    'zu',
    'bis',
    'danke',
    'grüße',
    'vielen',
    'unser',
    'unsere',
    'wurde',
    'habe',
    'noch',
    'hallo',
  ],
  fr: [
    'le',
    'la',
    'les',
    'et',
    'est',
    'vous',
    'nous',
    'pour',
    'avec',
    'mon',
    'ma',
    'mes',
    'pas',
    'je',
    'une',
    'des',
    'merci',
    'bonjour',
    'commande',
    'votre',
    'cordialement',
  ],
  es: [
    'el',
    'los',
    'las',
    'y',
    'es',
    'usted',
    'nosotros',
    'para',
    'con',
    'mi',
    'mis',
    'yo',
    'una',
    'del',
    'gracias',
    'hola',
    'pedido',
    'su',
    'que',
    'saludos',
    'todavía',
  ],
  nl: ['de', 'het', 'en', 'is', 'zijn', 'wij', 'jullie', 'voor', 'met', 'mijn', 'niet', 'ik', 'een', 'van', 'bedankt', 'graag', 'bestelling', 'nog'],
  it: ['il', 'lo', 'gli', 'e', 'è', 'voi', 'noi', 'per', 'con', 'mio', 'mia', 'non', 'io', 'una', 'grazie', 'buongiorno', 'ordine', 'ancora'],
  pt: ['o', 'os', 'as', 'e', 'é', 'não', 'para', 'com', 'minha', 'meu', 'uma', 'obrigado', 'obrigada', 'olá', 'encomenda', 'ainda', 'já'],
};

/** Stop-word hits per language. */
function stopwordHits(text: string): Map<string, number> {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const hits = new Map<string, number>();
  for (const [lang, list] of Object.entries(STOPWORDS)) {
    const set = new Set(list);
    hits.set(
      lang,
      words.reduce((n, w) => n + (set.has(w) ? 1 : 0), 0),
    );
  }
  return hits;
}

/** How much one stop word counts against the trigram score (0..1, 1 for franc's best guess). */
const STOPWORD_WEIGHT = 0.06;

/**
 * The ISO 639-1 code of the text's language; `en` when nothing points elsewhere. The trigram
 * scores of franc (relative, 1 for its best guess) and the stop-word hits are added, because on a
 * few short lines trigrams alone confuse neighbours (German read as Dutch, Spanish as Portuguese).
 */
export function detectLanguage(text: string): string {
  const hits = stopwordHits(text);
  const scores = new Map<string, number>();
  for (const [code, score] of francAll(text, { only: CANDIDATES, minLength: 10 })) {
    const lang = ISO_639_1[code];
    if (lang) scores.set(lang, score);
  }
  let best = 'en';
  let bestScore = 0;
  for (const lang of Object.values(ISO_639_1)) {
    const score = (scores.get(lang) ?? 0) + STOPWORD_WEIGHT * (hits.get(lang) ?? 0);
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}
