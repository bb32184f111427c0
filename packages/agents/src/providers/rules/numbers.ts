/**
 * Number and money parsing: "15.000,00", "15,000.00", "15 000", "1'250.50", "12k", with currency
 * symbols or codes before or after (€, EUR, $, USD, £, GBP, CHF, "euros").
 */

const CURRENCY_TOKENS: [RegExp, string][] = [
  [/^€$/, 'EUR'],
  [/^(eur|euros?)$/i, 'EUR'],
  [/^(us\$|\$|usd|dollars?)$/i, 'USD'],
  [/^(£|gbp|pounds?)$/i, 'GBP'],
  [/^(chf|fr\.)$/i, 'CHF'],
  [/^(sek|nok|dkk|pln|czk|jpy|cad|aud)$/i, ''],
];

/** Maps a currency symbol, code or word to its ISO 4217 code, or null. */
export function currencyCode(token: string): string | null {
  const t = token.trim();
  for (const [pattern, code] of CURRENCY_TOKENS) {
    if (pattern.test(t)) return code || t.toUpperCase();
  }
  return null;
}

/**
 * Parses a number written with thousands and decimal separators in either convention.
 * When both `.` and `,` occur, the last one is the decimal separator; a single separator followed
 * by exactly three digits (repeatedly) is a thousands separator.
 */
export function parseNumber(raw: string): number | null {
  let s = raw.trim().replace(/[\s\u00a0\u202f']/g, '');
  let factor = 1;
  if (/k$/i.test(s)) {
    factor = 1000;
    s = s.slice(0, -1);
  }
  s = s.replace(/[.,]-$/, ''); // "150,-"
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let normalised: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    normalised = s.split(thousands).join('').replace(decimal, '.');
  } else if (lastComma >= 0) {
    normalised = /^\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  } else if (lastDot >= 0) {
    normalised = /^\d{1,3}(\.\d{3})+$/.test(s) ? s.replace(/\./g, '') : s;
  } else {
    normalised = s;
  }
  if ((normalised.match(/\./g) ?? []).length > 1) return null;
  const value = Number(normalised) * factor;
  return Number.isFinite(value) ? Math.round(value * 100) / 100 : null;
}

/** A money amount found in text. */
export interface MoneyMatch {
  amount: number;
  currency: string;
  index: number;
  text: string;
}

const SYM = String.raw`(€|US\$|\$|£|EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK)`;
const NUM = String.raw`(\d{1,3}(?:[.,\s'\u00a0]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(k\b)?(?:[.,]-)?`;
const WORD = String.raw`(€|EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|euros?|dollars?|pounds?)`;
const MONEY_BEFORE = new RegExp(String.raw`${SYM}\s?${NUM}`, 'gi');
const MONEY_AFTER = new RegExp(String.raw`(?<![\w.,])${NUM}\s?${WORD}(?![\p{L}])`, 'giu');

/** Every money amount in the text, in order of appearance. */
export function findMoney(text: string): MoneyMatch[] {
  const found: MoneyMatch[] = [];
  for (const m of text.matchAll(MONEY_BEFORE)) {
    const amount = parseNumber(m[2] + (m[3] ?? ''));
    const currency = currencyCode(m[1]);
    if (amount !== null && currency) found.push({ amount, currency, index: m.index ?? 0, text: m[0] });
  }
  for (const m of text.matchAll(MONEY_AFTER)) {
    const index = m.index ?? 0;
    if (found.some((f) => index >= f.index && index < f.index + f.text.length)) continue;
    const amount = parseNumber(m[1] + (m[2] ?? ''));
    const currency = currencyCode(m[3]);
    if (amount !== null && currency) found.push({ amount, currency, index, text: m[0] });
  }
  // An amount written "EUR 1.150,00 EUR" or overlapping matches: keep the first of overlapping spans.
  found.sort((a, b) => a.index - b.index);
  return found.filter((f, i) => i === 0 || f.index >= found[i - 1].index + found[i - 1].text.length);
}

/** The most frequent currency among the matches, or null. */
export function dominantCurrency(matches: readonly MoneyMatch[]): string | null {
  const counts = new Map<string, number>();
  for (const m of matches) counts.set(m.currency, (counts.get(m.currency) ?? 0) + 1);
  let best: string | null = null;
  for (const [code, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = code;
  return best;
}

/** Words for small numbers, for "two weeks", "zwei Wochen". */
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  ein: 1,
  eine: 1,
  zwei: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  sechs: 6,
  acht: 8,
  zehn: 10,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  quince: 15,
  quinze: 15,
  due: 2,
  tre: 3,
  quattro: 4,
  dieci: 10,
  quindici: 15,
  twee: 2,
  drie: 3,
  vijf: 5,
  tien: 10,
  dois: 2,
  duas: 2,
  três: 3,
  quatro: 4,
};

/** Parses "3", "3.5" or a small number word. */
export function parseCount(raw: string): number | null {
  const word = NUMBER_WORDS[raw.toLowerCase()];
  if (word !== undefined) return word;
  return parseNumber(raw);
}

/** Alternation of number words, for regexes. */
export const NUMBER_WORD_PATTERN = Object.keys(NUMBER_WORDS).join('|');
