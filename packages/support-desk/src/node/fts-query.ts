import type { SupportIntent } from '../types';

// Words too common to help ranking, in the languages customers write in. Anything else is kept.
const STOPWORDS = new Set(
  // English
  (
    'a an and are as at be been but by can could did do does doing for from get got had has have he her hi ' +
    'hello here hey how i if in into is it its just me my no not of on or our please so some still than thank thanks ' +
    'that the their them then there they this to too us was we were what when where which who why will with ' +
    'would you your regards best kind dear cheers ' +
    // English contractions, split at the apostrophe: "hasn't" -> "hasn"
    'aren couldn didn doesn don hasn haven isn ll re ve wasn weren won wouldn ' +
    // German
    'aber als am an auch auf aus bei bin bis bitte da das dass dem den der des die du ein eine einen einer er es ' +
    'für hallo hat habe ich ihr ihre im ist ja kann können mein meine mich mir mit nach nicht noch nur oder sie ' +
    'sind so und uns von vor war warum was wie wir wo zu zum zur danke gruß grüße guten tag ' +
    // French
    'au aux avec bonjour ce ces cette dans de des du elle en est et il je la le les leur ma mais me merci mes ' +
    'mon ne nous ou par pas pour qui que sa se son sur ta te tu un une vous votre ' +
    // Spanish
    'el ella es esta gracias hola lo los mi mis muy para pero por qué se su sus tu una y yo'
  ).split(' '),
);

/**
 * Words added for a classified intent: the intent is a steadier signal than incidental words in an
 * email (a kettle that has not arrived is a tracking question, not a kettle question).
 */
export const INTENT_HINTS: Readonly<Record<SupportIntent, readonly string[]>> = {
  'order-status': ['tracking', 'parcel', 'delivery'],
  'refund-return': ['return', 'refund'],
  'product-question': [],
  complaint: [],
  account: ['account'],
};

/** Most terms a query keeps: enough for a long email, few enough to keep ranking fast. */
const MAX_TERMS = 32;

/**
 * Turns free text (an email, a subject) into a safe FTS5 query: its words, minus stopwords, each as
 * a quoted string, joined with OR and ranked by bm25. Quotes, colons, `*`, `^`, parentheses and
 * operators (`AND`, `NEAR`, …) cannot reach the FTS5 parser as syntax: only letters and digits
 * survive tokenising, and quoting makes keywords literal. With an `intent`, its {@link INTENT_HINTS}
 * come first. Returns `null` when no word is left.
 * @example
 * toFtsQuery('Where is my parcel?!'); // '"parcel"'
 */
export function toFtsQuery(text: string, intent?: SupportIntent): string | null {
  const terms = searchTerms(text, intent);
  return terms.length === 0 ? null : terms.map((t) => `"${t}"`).join(' OR ');
}

/**
 * The words of free text a search uses (what {@link toFtsQuery} quotes): lowercase letters and
 * digits only, minus stopwords, at most 32, with the intent's hints first. Empty when none is left.
 */
export function searchTerms(text: string, intent?: SupportIntent): string[] {
  const terms: string[] = [...(intent ? (INTENT_HINTS[intent] ?? []) : [])];
  for (const [word] of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    if (word.length < 2 || word.length > 40 || STOPWORDS.has(word) || terms.includes(word)) continue;
    terms.push(word);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}
