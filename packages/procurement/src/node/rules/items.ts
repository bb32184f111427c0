/** Item lines: "10 x Dell Latitude 5440 (16 GB RAM)", "25 office chairs, black", "Toner HP 305A: 4 pcs". */
import { clean, findDates, findMoney } from '@org/orchestrator-agents';

const UNIT_MAP: [RegExp, string][] = [
  [/^(x|×|pcs?\.?|pieces?|units?|stück|stk\.?|st\.|pièces?|unidades|uds\.?|ea|each)$/i, 'pcs'],
  [/^(box(es)?|kartons?|cartons?|cajas?|boîtes?)$/i, 'box'],
  [/^(packs?|packages?|packungen?|paquets?|pkg)$/i, 'pack'],
  [/^(licen[cs]es?|lizenzen|lizenz|licences?|licencias?|licenze|licentie|licenties|seats?)$/i, 'licence'],
  [/^(reams?|ramettes?|resmas?|risme)$/i, 'ream'],
  [/^(rolls?|rollen?)$/i, 'roll'],
  [/^(pallets?|paletten?)$/i, 'pallet'],
  [/^(sets?)$/i, 'set'],
  [/^(pairs?|paar)$/i, 'pair'],
  [/^(kg|kilos?|kilograms?)$/i, 'kg'],
  [/^(l|litres?|liters?|liter)$/i, 'l'],
  [/^(m|metres?|meters?|meter)$/i, 'm'],
  [/^(hours?|hrs?|stunden)$/i, 'h'],
];

/** Normalises a unit word to a short unit, or null if it is not a unit. */
export function normaliseUnit(word: string): string | null {
  for (const [re, unit] of UNIT_MAP) if (re.test(word)) return unit;
  return null;
}

const UNIT_WORDS = String.raw`x|×|pcs?\.?|pieces?|units?|stück|stk\.?|pièces?|unidades|ea|box(?:es)?|kartons?|cartons?|packs?|packages?|packungen?|licen[cs]es?|lizenzen|licencias|licenze|licenties|seats?|reams?|ramettes?|rolls?|rollen|pallets?|paletten?|sets?|pairs?|kg|litres?|liters?|l|metres?|meters?|m|hours?|hrs?`;

/** Words after a number that mean it is a specification, not a quantity (16 GB, 27 inch). */
const SPEC_UNIT =
  /^(gb|tb|mb|ghz|mhz|hz|inch|inches|in|"|''|mm|cm|w|v|mah|dpi|%|x\d|k\b|p\b|days?|weeks?|months?|years?|hours?|minutes?|people|persons|personen|persone|personas|pessoas|guests|participants|employees|new (?:hires|devs|developers|joiners|starters|colleagues|employees)|hires|devs|staff|colleagues|mitarbeiter|tage|wochen|jahre?|years?|nights?|am|pm|h|uhr|floor|etage|stock|rd|th|st|nd|pouces|zoll|pulgadas|pollici|inch)\b/i;

/** One parsed item. */
export interface ParsedItem {
  name: string;
  quantity: number | null;
  unit: string | null;
  specification: string | null;
}

const LEADING = new RegExp(
  String.raw`^(?:about|approx\.?|ca\.?|around|circa|some)?\s*(\d+(?:[.,]\d+)?)\s*(${UNIT_WORDS})?\.?\s+(?:(?:more|additional|extra|further|weitere|autres|más)\s+)?(?:of\s+|de\s+|d')?(.+)$`,
  'iu',
);
const TRAILING = new RegExp(String.raw`^(.+?)\s*[:–—-]\s*(?:qty\.?|quantity|menge|anzahl)?\s*:?\s*(\d+(?:[.,]\d+)?)\s*(${UNIT_WORDS})?\.?$`, 'iu');

/** Splits "Dell Latitude 5440 (16 GB RAM, 512 GB SSD)" into name and specification. */
export function splitSpecification(text: string): { name: string; specification: string | null } {
  let t = clean(text.replace(/[.;]+$/, ''));
  let spec: string[] = [];
  const paren = t.match(/\(([^)]+)\)/);
  if (paren) {
    spec.push(paren[1]);
    t = clean(t.replace(paren[0], ' '));
  }
  const sep = t.match(/^(.+?)(?:,\s*|\s+[–—-]\s+|:\s+|\s+with\s+|\s+mit\s+|\s+avec\s+)(.+)$/i);
  if (sep) {
    t = sep[1];
    const rest = /^(with|mit|avec)\b/i.test(sep[0].slice(sep[1].length).trim()) ? sep[0].slice(sep[1].length).trim() : sep[2];
    spec = [rest, ...spec];
  }
  // Purpose clauses are not part of the name.
  t = t.replace(/\s+(for|für|pour|para|per|voor)\s+(the|our|new|den|die|das|unsere?n?|le|la|les|el|los|la|il|lo|het|de|l')(\b|(?<=')).*$/i, '');
  spec = spec.map((s) => s.replace(/\s+(for|für|pour|para)\s+(the|our|new|den|die|das|unsere?n?|le|la|les|el|los)\b.*$/i, '').trim()).filter(Boolean);
  return { name: clean(t), specification: spec.length ? clean(spec.join(', ')) : null };
}

/** Parses one item phrase or list line, or returns null when it has no item shape. */
export function parseItem(phrase: string): ParsedItem | null {
  const t = clean(phrase.replace(/^\s*(?:[-*•·]|\d+[.)](?=\s))\s*/, ''));
  if (!t) return null;
  const lead = t.match(LEADING);
  if (lead && !SPEC_UNIT.test(lead[3]) && !/^(eur|usd|gbp|chf|€|\$|£)/i.test(lead[3])) {
    const { name, specification } = splitSpecification(lead[3]);
    if (!/\p{L}{2,}/u.test(name)) return null;
    const quantity = Number(lead[1].replace(',', '.'));
    return { name, quantity, unit: lead[2] ? normaliseUnit(lead[2]) : null, specification };
  }
  const trail = t.match(TRAILING);
  if (trail && /\p{L}{2,}/u.test(trail[1]) && !/\b(budget|total|date|by|until|bis)\b/i.test(trail[1])) {
    const { name, specification } = splitSpecification(trail[1]);
    return { name, quantity: Number(trail[2].replace(',', '.')), unit: trail[3] ? normaliseUnit(trail[3]) : null, specification };
  }
  return null;
}

/** Inline requests: "we need 10 laptops for the new hires", "bitte 5 Stück Toner bestellen". */
const INLINE = new RegExp(
  String.raw`\b(?:need|needs|require|requires|order|buy|purchase|procure|source|get|bitte|benötigen|brauchen|bestellen|besoin de|necesitamos)\s+(?:wir\s+|we\s+)?(?:(?:about|approx\.?|around|some|another|an additional|additional)\s+)?(\d+(?:[.,]\d+)?\s*(?:${UNIT_WORDS})?\.?\s+(?:of\s+)?(?:e\.g\.|i\.e\.|[^.!?\n])+)`,
  'giu',
);

/** Inline item phrases found in running text. */
export function inlineItemPhrases(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(INLINE)) {
    // Cut at the next clause: " by ", " until ", ", budget", " and deliver", " delivered"...
    const phrase = m[1].split(
      /\s+(?:by|until|before|bis|avant|within|delivered|to be delivered|and (?:have|get|deliver)|asap|as soon as possible|\u2013 budget)\b|,\s*(?:budget|total|deliver|needed|please)|\.\s/i,
    )[0];
    // "3 whiteboards and 2 packs of markers": one phrase per counted item; a trailing verb goes.
    for (const part of phrase.split(/\s*(?:,|\+|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bplus\b)\s*(?=\d)/i)) {
      out.push(part.replace(/\s+(bestellen|beschaffen|besorgen|kaufen|ordern)\s*$/i, ''));
    }
  }
  return out;
}

/** Where a counted phrase ends: punctuation, a deadline or budget clause, a politeness. */
const PHRASE_END =
  /\s*(?:[.;:!?\n,+]|\s(?:and|und|et|y|e|en|plus)\s+(?=\d)|\s(?:by|before|until|bis|avant|antes|entro|voor|asap|needed|needs|required|please|pls|thanks|thx|budget|max|within|starting|ab|dès|desde|da|vanaf|delivered|deliver|to be|is|are|sind|ist|est|son|sono|zijn|would|should|will|wird|werden|brauchen|benötigen|bestellen|besorgen|nodig|bestellen|sind)\b)/i;

/**
 * Counted phrases anywhere in the text ("6x Dell P2425H for finance", "hebben we 4 laptops nodig",
 * "5 laptops, 5 docking stations and 10 monitors"): a count, an optional unit, and words, cut at the
 * next clause. Money, dates, times, references and specification numbers (16 GB) are not counts.
 */
export function countedPhrases(text: string): string[] {
  const out: string[] = [];
  const taken: [number, number][] = [...findDates(text), ...findMoney(text)].map((m) => [m.index, m.index + m.text.length]);
  const COUNT = new RegExp(String.raw`(?<![\p{L}\d.,:/'#-])(\d{1,4})(?:\s*(?:x|×)\s*|\s+)(?=\p{L}|\d+\s*(?:m|cm|mm)\b)`, 'gu');
  for (const m of text.matchAll(COUNT)) {
    const start = m.index ?? 0;
    if (taken.some(([from, to]) => start >= from && start < to)) continue;
    const rest = text.slice(start);
    const end = rest.slice(m[0].length).search(PHRASE_END);
    const phrase = (end < 0 ? rest : rest.slice(0, m[0].length + end)).trim();
    taken.push([start, start + phrase.length]);
    out.push(phrase);
  }
  return out;
}

/** Requests without a count: "the team needs new headsets", "could you source a projector". */
const UNCOUNTED =
  /\b(?:needs?|would like|wants?|(?:could|can) (?:you|we|i) (?:please )?(?:source|order|buy|get|book|rent|purchase)|(?:to|please) (?:source|order|buy|get|book|purchase)|brauchen|benötigen|acheter|commander|comprar|pedir|acquistare|ordinare|kopen|bestellen)\s+(?:(?:wir|we|ich|nous|some|new|more|a few|neue|the following|the|our)\s+)*(?:(a|an|one|einen?|eine|une?|una?|uno|één|een)\s+)?(?:(?:some|new|small|big|large|neue[nm]?|nouvelle|petite|nuevo|nueva|piccola|nieuwe)\s+)*([\p{L}-]{3,}(?: [\p{L}-]{3,})?)/iu;

/** An item named without a quantity, or null. */
export function uncountedItem(text: string): ParsedItem | null {
  const m = text.match(UNCOUNTED);
  if (!m) return null;
  const name = m[2].replace(/\s+(for|für|pour|with|mit|and|und|the|from)$/i, '').trim();
  if (/^(to|you|your|help|this|that|them|it|something|anything|the|our|we|quotes?|some)$/i.test(name.split(' ')[0])) return null;
  // "a projector", "einen Messestand", "une imprimante": one of it.
  return { name, quantity: m[1] ? 1 : null, unit: null, specification: null };
}
