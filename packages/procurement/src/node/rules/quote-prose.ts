/**
 * Quotes written as sentences: "we can supply the chairs at EUR 289.00 each, which comes to
 * EUR 3,468.00 in total", "24,90 EUR pro Karton", "265,00 EUR cadauna", "€ 62,50 per stuk".
 * A price is a unit price when a per-unit marker (in any of the languages we read) follows it; a
 * total is an amount introduced or followed by a total marker.
 */
import type { MoneyMatch } from '@org/orchestrator-agents';
import { clean } from '@org/orchestrator-agents';
import type { QuoteLine } from '../tasks/read-quote';

/** Per-unit markers right after an amount (VAT remarks in between are skipped). */
const PER_UNIT_AFTER =
  /^\s*(?:\(?(?:HT|netto|net|ex\.? VAT|excl\.? VAT|zzgl\.? MwSt\.?|\+ ?IVA|IVA esclusa)\)?\s*)?,?\s*(?:each|apiece|a piece|per (?:unit|piece|pc|item|box|pack|case|set|person|licen[cs]e|seat|day|kilo|kg|roll|editor|stuk|stuks|doos)|pro (?:stück|kilo|kg|karton|person|packung|rolle|liter|einheit)|je (?:stück|rolle|liter|packung|karton|person|einheit)|cadaun[oa]|cada una?|la unidad|l'unité|la pièce|la boîte|le carton|par (?:unité|pièce|boîte|personne)|\/\s*(?:ud|uds|unit|pc|pcs|stk|st|u|ea)\b|por unidad|al pezzo|a pezzo|l'uno|la una)/i;

/** Words that introduce a total shortly before its amount. */
const TOTAL_BEFORE =
  /(?:\b(?:total|totale|totaal|gesamt|gesamtbetrag|insgesamt|comes to|ergibt das|ergibt|soit|that is|all in|also|quindi|i\.e\.|es decir|we can do)\b|\bkomt (?:dat|het) op|=|\b(?:for|für|pour|per|para|voor)\s+(?:\d+|all|alle|les|los|i|de)\s+[\p{L} ]{0,30}?(?:we can do|:|,)?|\b\d+\s+[\p{L}]+\s*:)\s*(?:of|de|von|di|van)?\s*:?\s*$/iu;
/** Words that mark an amount as a total right after it. */
const TOTAL_AFTER =
  /^\s*(?:\(?(?:HT|netto|net|excl\.? VAT|ex VAT|\+ ?IVA|IVA esclusa|IVA no incluido|inkl\.? Versand|including [\p{L} ]+)\)?\s*)?,?\s*(?:in total|total|all in|insgesamt|au total|en total|in totaal|totale|im ganzen)\b/iu;

/** Unit prices found in running text, one line each. */
export function prosePriceLines(body: string, money: readonly MoneyMatch[]): QuoteLine[] {
  const lines: QuoteLine[] = [];
  for (const m of money) {
    const after = body.slice(m.index + m.text.length, m.index + m.text.length + 40);
    if (!PER_UNIT_AFTER.test(after)) continue;
    if (lines.some((l) => l.unitPrice === m.amount)) continue;
    const before =
      body
        .slice(Math.max(0, m.index - 60), m.index)
        .split(/[.!?\n:;]/)
        .pop() ?? '';
    const words = clean(before.replace(/\b(at|for|à|a|zu|für|per|por|is|ist|est|es|costs?|kostet|kost|à)\s*$/i, ''))
      .split(' ')
      .slice(-5)
      .join(' ');
    lines.push({ item: words || 'item', quantity: null, unit: null, unitPrice: m.amount });
  }
  return lines;
}

/** The total stated in running text: the last amount with a total marker that is not a unit price. */
export function proseTotal(body: string, money: readonly MoneyMatch[], unitPrices: readonly (number | null)[]): number | null {
  let total: number | null = null;
  for (const m of money) {
    const after = body.slice(m.index + m.text.length, m.index + m.text.length + 40);
    if (PER_UNIT_AFTER.test(after)) continue;
    const sentenceStart = Math.max(body.lastIndexOf('\n', m.index), body.lastIndexOf('. ', m.index), 0);
    const before = body.slice(Math.max(sentenceStart, m.index - 60), m.index);
    if ((TOTAL_BEFORE.test(before) || TOTAL_AFTER.test(after)) && !unitPrices.includes(m.amount)) total = m.amount;
  }
  return total;
}
