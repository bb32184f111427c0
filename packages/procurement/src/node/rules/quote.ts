import type { MoneyMatch } from '@org/orchestrator-agents';
import {
  DECLINE,
  DURATION,
  addDays,
  clean,
  dominantCurrency,
  findDates,
  findMoney,
  isoDate,
  parseDuration,
  parseNumber,
  referenceDay,
  sentences,
  splitSignature,
  stripInjections,
  stripQuoted,
} from '@org/orchestrator-agents';
import type { QuoteLine, ReadQuoteInput, ReadQuoteOutput } from '../tasks/read-quote';
import { normaliseUnit, splitSpecification } from './items';
import { prosePriceLines, proseTotal } from './quote-prose';

const TOTAL =
  /^\W*(grand total|total( amount| price| net| gross| incl\.?[^:]*| excl\.?[^:]*| due| \(.*?\))?|sum|gesamt(summe|betrag|preis)?|summe|montant total|total ttc|total ht|importe total)\b/i;
const SUBTOTAL = /\b(sub-?total|zwischensumme|sous-total)\b/i;
const CONDITION =
  /\b(terms|payment|prepayment|paiement|zahlung\w*|zahlbar|frei haus|net \d+|\d+ days net|incoterms?|EXW|FCA|DAP|DDP|CIF|FOB|shipping|freight|delivery (costs?|charges?|free|included)|free delivery|versand\w*|fracht|livraison|warranty|guarantee|garantie|gewährleistung|minimum order|MOQ|prices? (are )?(excl|incl|include|included|exclude|excluding|including|net|exclusive|inclusive|plus)|(excl|incl)\.? VAT|zzgl\.?|inkl\.?|MwSt|USt|TVA|IVA|discount|rabatt|skonto|remise)\b/i;
const VALID_UNTIL =
  /\b(valid (until|till|through|thru|to)|validity( date)?|offer (expires|valid until)|expires( on)?|(holds?|held|good) (until|till|through)|gültig bis|angebot gültig bis|bindefrist|valable jusqu'?(au)?|válid[ao] hasta|valid[ao] fino al?|geldig tot|(order|bestellung|commande|pedido) (by|before|bis|avant|antes)|if you order before|bestellen sie bis|commandez avant)\b/i;
const VALID_FOR = new RegExp(String.raw`\b(?:valid(?:ity)?|gültig(?:keit)?|valable|válid[ao]|geldig|held|holds?|good)\b[^.\n\d]{0,25}?${DURATION}`, 'iu');
const LEAD_TIME = new RegExp(
  String.raw`\b(?:lead[- ]?time|delivery(?: time)?|lieferzeit|liefertermin|lieferung|délai(?: de livraison)?|livraison|expédition|plazo(?: de entrega)?|entrega|consegna|levertijd|levering|ships?|shipping|dispatch(?:ed)?|available|deliver(?:ed|able)?|can deliver)\b[^\n\d]{0,30}?${DURATION}`,
  'iu',
);
const HEADER_ITEM = /^(item|description|article|product|bezeichnung|artikel|beschreibung|produit|désignation|artículo|descripción)$/i;
const HEADER_QTY = /^(qty\.?|quantity|menge|anzahl|quantité|qté|cantidad|units?)$/i;
const HEADER_UNIT_PRICE =
  /^(unit price|price\/unit|price per unit|unit|each|price|einzelpreis|stückpreis|preis|e-preis|prix unitaire|p\.u\.|precio unitario|precio)$/i;
const HEADER_TOTAL = /^(total|line total|amount|gesamt|gesamtpreis|betrag|montant|total ligne|importe)$/i;

/** "in stock, ships today" and "next day delivery": lead times said in words. */
const SAME_DAY_SHIPPING = /\b(ships?|dispatch(?:ed)?|shipped|versand|expédi\w*|enviamos) (today|same day|heute|aujourd'hui|hoy)\b/i;
const NEXT_DAY_SHIPPING =
  /\b(next[- ]day (delivery|shipping)|delivered (the )?next day|lieferung morgen|livraison (le lendemain|demain)|entrega (al día siguiente|mañana))\b/i;

interface Table {
  item: number;
  qty: number;
  unitPrice: number;
  total: number;
}

function cells(line: string): string[] {
  const t = line.trim().replace(/^\||\|$/g, '');
  const parts = t.includes('|') ? t.split('|') : t.includes('\t') ? t.split('\t') : t.split(/\s{2,}/);
  return parts.map((c) => c.trim());
}

function readHeader(line: string): Table | null {
  const cs = cells(line).map((c) => c.toLowerCase().replace(/\s*\(.*\)$/, ''));
  if (cs.length < 3) return null;
  const idx = (re: RegExp) => cs.findIndex((c) => re.test(c));
  const table = { item: idx(HEADER_ITEM), qty: idx(HEADER_QTY), unitPrice: idx(HEADER_UNIT_PRICE), total: idx(HEADER_TOTAL) };
  return table.item >= 0 && (table.unitPrice >= 0 || table.total >= 0) ? table : null;
}

function quantityCell(cell: string | undefined): { quantity: number | null; unit: string | null } {
  const m = cell?.match(/^(\d+(?:[.,]\d+)?)\s*([\p{L}.]+)?$/u);
  if (!m) return { quantity: null, unit: null };
  return { quantity: parseNumber(m[1]), unit: m[2] ? normaliseUnit(m[2]) : null };
}

function moneyCell(cell: string | undefined, fallbackCurrency: string | null): number | null {
  if (!cell) return null;
  const money = findMoney(cell);
  if (money.length) return money[0].amount;
  return fallbackCurrency !== null || /^\d[\d.,\s']*$/.test(cell) ? parseNumber(cell.replace(/[^\d.,'\s]/g, '')) : null;
}

/** Inline lines: "10 x Dell Latitude 5440 @ EUR 1,150.00 each", "Office chair ErgoPlus: 25 pcs at 189.00 EUR/unit". */
const INLINE_LINE =
  /^\s*(?:[-*•·]|\d+[.)]\s)?\s*(?:(\d+(?:[.,]\d+)?)\s*(x|×|pcs?\.?|pieces|units?|stück|stk\.?|boxes|box|packs?|licen[cs]es|seats|sets?|pairs?|kg|m)?\s+)?(.+?)\s*(?::|–|—|-|,)?\s*(?:(\d+(?:[.,]\d+)?)\s*(x|×|pcs?\.?|pieces|units?|stück|stk\.?|boxes|box|packs?|licen[cs]es|seats|sets?|pairs?|kg|m)\s*)?(?:@|at|à|a|zu je|zu|for|für|je|:)?\s*$/iu;
const PER_UNIT =
  /(each|per (unit|piece|pc|item|licen[cs]e|seat|box|pack)|\/\s*(unit|pc|pcs|piece|stk|stück|st\.|licen[cs]e|seat|box|pack|ea)|je stück|pro stück|l'unité|la pièce|por unidad|c\/u|ea\.?)\b/i;

function inlineLine(line: string, money: MoneyMatch[]): QuoteLine | null {
  if (!money.length) return null;
  const before = line.slice(0, money[0].index);
  if (TOTAL.test(before) || SUBTOTAL.test(before) || CONDITION.test(before) || /\b(budget|vat|mwst|discount|rabatt)\b/i.test(before)) return null;
  const m = before.match(INLINE_LINE);
  if (!m) return null;
  const quantity = m[1] ? parseNumber(m[1]) : m[4] ? parseNumber(m[4]) : null;
  const unitWord = m[1] ? m[2] : m[5];
  const { name } = splitSpecification(m[3].replace(/\s*(?:@|at|à|zu je|zu|for|für|je|:)\s*$/i, ''));
  if (!/\p{L}{2,}/u.test(name)) return null;
  // "we can do 30x Cherry KC 1000 at 17.50 EUR each": a count with x/pcs inside a sentence.
  const counted = quantity === null ? before.match(/(\d+)\s*(x|×|pcs|units?|pieces)\s+(.+?)\s*(?:@|at|à|for|zu je|je)\s*$/i) : null;
  if (counted) {
    return { item: splitSpecification(counted[3]).name, quantity: Number(counted[1]), unit: normaliseUnit(counted[2]), unitPrice: money[0].amount };
  }
  // A list line without a count ("- Installation (per projector): £120.00") is still a priced line.
  if (quantity === null) {
    return /^\s*[-*•·]/.test(line) ? { item: name, quantity: null, unit: null, unitPrice: money[0].amount } : null;
  }
  const after = line.slice(money[0].index, money[0].index + money[0].text.length + 20);
  const perUnit = PER_UNIT.test(after) || /(@|\bje|\beach|\bper|\bà|\bat|\bà)\s*$/i.test(before);
  const unitPrice = perUnit || money.length > 1 ? money[0].amount : Math.round((money[0].amount / quantity) * 100) / 100;
  return { item: name, quantity, unit: unitWord ? normaliseUnit(unitWord) : null, unitPrice };
}

/** Deterministic quote reading: tables with header rows, "qty x item @ price" lines, totals, terms. */
export function readQuoteByRules(input: ReadQuoteInput): ReadQuoteOutput {
  const { body } = splitSignature(stripInjections(stripQuoted(input.text)));
  const lines = body.split('\n');
  const allMoney = findMoney(body);
  const currency = dominantCurrency(allMoney);
  const result: QuoteLine[] = [];
  let total: number | null = null;

  let table: Table | null = null;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (/^\s*[|+]?[-=+| ]{3,}$/.test(line)) continue; // table rules
    const header = readHeader(line);
    if (header) {
      table = header;
      continue;
    }
    const money = findMoney(line);
    if (TOTAL.test(line.trim()) && !SUBTOTAL.test(line)) {
      const m = money.length ? money[money.length - 1].amount : moneyCell(cells(line).pop(), currency);
      if (m !== null) total = m;
      table = null;
      continue;
    }
    if (table) {
      const cs = cells(line);
      if (cs.length >= 3 && cs[table.item] && /\p{L}/u.test(cs[table.item])) {
        const { quantity, unit } = quantityCell(table.qty >= 0 ? cs[table.qty] : undefined);
        let unitPrice = table.unitPrice >= 0 ? moneyCell(cs[table.unitPrice], currency) : null;
        if (unitPrice === null && table.total >= 0 && quantity) {
          const lineTotal = moneyCell(cs[table.total], currency);
          unitPrice = lineTotal === null ? null : Math.round((lineTotal / quantity) * 100) / 100;
        }
        result.push({ item: splitSpecification(cs[table.item]).name, quantity, unit, unitPrice });
        continue;
      }
      if (!line.trim()) continue;
      table = null;
    }
    const parsed = inlineLine(line, money);
    if (parsed) result.push(parsed);
  }
  if (total === null) {
    // "..., so 525.00 EUR total" / "for a total of EUR 525.00"
    const inline = allMoney.find(
      (m) => /^\s*(in )?total\b/i.test(body.slice(m.index + m.text.length)) || /\btotal( of)?:?\s*$/i.test(body.slice(Math.max(0, m.index - 15), m.index)),
    );
    if (inline) total = inline.amount;
  }
  if (total === null && result.length && result.every((l) => l.quantity !== null && l.unitPrice !== null)) {
    total = Math.round(result.reduce((n, l) => n + (l.quantity ?? 0) * (l.unitPrice ?? 0), 0) * 100) / 100;
  }

  const declineSentence = sentences(body).find((s) => DECLINE.test(s));
  // A decline may mention a price it will not offer ("our machines start at 4,000 GBP"); prose
  // prices only count when nothing says no.
  const declined = Boolean(declineSentence) && result.every((l) => l.unitPrice === null) && total === null;
  if (!declined && result.every((l) => l.unitPrice === null)) {
    const prose = prosePriceLines(body, allMoney);
    if (prose.length) result.splice(0, result.length, ...prose);
    else if (new Set(allMoney.map((m) => m.amount)).size === 1) {
      // One price and nothing else: the price of the one thing asked for, and the total.
      result.splice(0, result.length, { item: 'item', quantity: null, unit: null, unitPrice: allMoney[0].amount });
      total ??= allMoney[0].amount;
    }
  }
  if (!declined && total === null)
    total = proseTotal(
      body,
      allMoney,
      result.map((l) => l.unitPrice),
    );

  const ref = referenceDay(input.receivedAt);
  const leadMatch = body.match(LEAD_TIME);
  let leadTimeDays = leadMatch ? parseDuration(leadMatch, 0) : null;
  if (leadTimeDays === null) leadTimeDays = SAME_DAY_SHIPPING.test(body) ? 0 : NEXT_DAY_SHIPPING.test(body) ? 1 : null;

  let validUntil: string | null = null;
  const dates = findDates(body, input.receivedAt);
  const validDate = dates.find((d) => VALID_UNTIL.test(body.slice(Math.max(0, d.index - 40), d.index)));
  if (validDate) validUntil = validDate.date;
  else {
    const validFor = body.match(VALID_FOR);
    const days = validFor ? parseDuration(validFor, 0) : null;
    if (days !== null && ref) validUntil = isoDate(addDays(ref, days));
  }

  const conditions = sentences(body)
    .filter((s) => CONDITION.test(s) && !TOTAL.test(s) && !(findMoney(s).length && !/(shipping|freight|versand|fracht|livraison|delivery)/i.test(s)))
    .map((s) => clean(s.replace(/^[-*•·]\s*/, '')))
    .filter((s) => s.length <= 200);

  if (declined) {
    return {
      status: 'declined',
      lines: result,
      total: null,
      currency: null,
      leadTimeDays: null,
      validUntil: null,
      conditions: [],
      declineReason: clean(declineSentence ?? ''),
    };
  }
  return { status: 'quoted', lines: result, total, currency, leadTimeDays, validUntil, conditions, declineReason: null };
}
