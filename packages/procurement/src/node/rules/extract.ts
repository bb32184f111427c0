import { clean, dominantCurrency, findDates, findMoney, splitSignature, stripInjections, stripQuoted } from '@org/orchestrator-agents';
import type { ExtractPurchaseRequestInput, ExtractPurchaseRequestOutput, PurchaseRequestField } from '../tasks/extract-purchase-request';
import { pickNeededBy } from './need-by';
import { countedPhrases, inlineItemPhrases, parseItem, uncountedItem } from './items';
import type { ParsedItem } from './items';

const BUDGET =
  /\b(budget|kostenrahmen|budgetrahmen|presupuesto|max(imum)?|up to|not (to )?exceed|no more than|höchstens|maximal|bis zu|approx(imately)?|around|about|ca\.|total cost|spend)\b/i;
const LOCATION: RegExp[] = [
  /\b(?:delivery (?:address|location|to)|ship(?:ping)? (?:to|address)|deliver (?:to|at)|delivered to|lieferadresse|lieferort|lieferung (?:an|nach)|liefern (?:an|nach)|adresse de livraison|livr(?:er|és?|aison) à|entregar en|dirección de entrega)\s*:?\s*(?:the\s+|our\s+|unsere?n?\s+)?([^\n.;]+?)(?=\s+(?:by|until|before|no later|bis|avant|within)\b|[.;\n]|,\s*(?:by|please|budget|thanks|needed)|$)/i,
];
const ON_BEHALF = /\bon behalf of ([A-Z][\p{L}'-]+(?: [A-Z][\p{L}'-]+)+)/u;
const NAME_LINE = /^[A-Z\u00C0-\u017F][\p{L}'.-]+(?: [A-Z\u00C0-\u017F][\p{L}'.-]+){0,3}$/u;

function senderName(from: ExtractPurchaseRequestInput['from']): { name: string | null; address: string | null } {
  if (!from) return { name: null, address: null };
  if (typeof from === 'string') {
    const m = from.match(/^\s*"?([^"<]+?)"?\s*<([^>]+)>\s*$/);
    return m ? { name: m[1].trim(), address: m[2] } : { name: null, address: from.trim() };
  }
  return { name: from.name?.trim() || null, address: from.address };
}

function collectItems(body: string): ParsedItem[] {
  const items: ParsedItem[] = [];
  const seen = new Set<string>();
  const push = (item: ParsedItem | null) => {
    if (!item) return;
    const key = item.name.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    items.push(item);
  };
  const lines = body.split('\n');
  // Bullet or numbered lines first: they are the most explicit form.
  for (const line of lines) {
    if (!/^\s*(?:[-*•·]|\d+[.)]\s)/.test(line)) continue;
    if (BUDGET.test(line) && findMoney(line).length) continue;
    if (findMoney(line).length && !/\d+\s*(x|×|pcs|pieces|units|stück)/i.test(line)) continue;
    push(parseItem(line));
  }
  // A form: "Item: ...", "Quantity: ...", "Specification: ...".
  const form = (label: RegExp) =>
    lines
      .map((l) => l.match(label))
      .find(Boolean)?.[1]
      ?.trim();
  const formItem = form(/^\s*(?:item|article|product|artikel|produkt|article demandé)\s*:\s*(.+)$/i);
  if (formItem) {
    const qty = form(/^\s*(?:quantity|qty|menge|anzahl|quantité|cantidad)\s*:\s*(.+)$/i);
    const parsedQty = qty ? parseItem(`${qty.replace(/^(\d+(?:[.,]\d+)?)\s*(\S*).*$/, '$1 $2')} ${formItem}`) : null;
    push({
      name: formItem,
      quantity: parsedQty?.quantity ?? null,
      unit: parsedQty?.unit ?? null,
      specification: form(/^\s*(?:spec(?:ification)?s?|details|spezifikation|beschreibung)\s*:\s*(.+)$/i) ?? null,
    });
  }
  if (items.length === 0) {
    for (const phrase of inlineItemPhrases(body)) push(parseItem(phrase));
  }
  if (items.length === 0) {
    for (const phrase of countedPhrases(body)) push(parseItem(phrase));
  }
  return items;
}

/** Deterministic purchase-request extraction. */
export function extractByRules(input: ExtractPurchaseRequestInput): ExtractPurchaseRequestOutput {
  const stripped = stripInjections(stripQuoted(input.text));
  const { body, signature } = splitSignature(stripped);
  const text = `${stripInjections(input.subject)}\n${body}`;

  const items = collectItems(body);
  if (items.length === 0) {
    const fromSubject = inlineItemPhrases(`need ${input.subject.replace(/^.*?:\s*/, '')}`).map(parseItem)[0];
    if (fromSubject) items.push(fromSubject);
  }
  if (items.length === 0) {
    const uncounted = uncountedItem(body);
    if (uncounted) items.push(uncounted);
  }

  const money = findMoney(text);
  const budgetMatch =
    money.find((m) => BUDGET.test(text.slice(Math.max(0, text.lastIndexOf('\n', m.index) + 1), m.index))) ?? (money.length === 1 ? money[0] : undefined);
  const budget = budgetMatch?.amount ?? null;
  const currency = budgetMatch?.currency ?? dominantCurrency(money);

  const dates = findDates(text, input.receivedAt);
  const deadline = pickNeededBy(text, dates, input.receivedAt);

  let deliveryLocation: string | null = null;
  for (const re of LOCATION) {
    const m = text.match(re);
    if (m) {
      deliveryLocation = clean(m[1]).replace(/[,:]$/, '') || null;
      break;
    }
  }

  const sender = senderName(input.from);
  const behalf = text.match(ON_BEHALF)?.[1];
  const signed = signature.find((l) => NAME_LINE.test(l) && !/^(team|procurement|purchasing|einkauf)$/i.test(l));
  const requester = behalf ?? sender.name ?? signed ?? sender.address;

  const missing: PurchaseRequestField[] = [];
  if (items.length === 0) missing.push('items');
  if (items.length === 0 || items.some((i) => i.quantity === null)) missing.push('quantity');
  if (budget === null) missing.push('budget');
  if (currency === null) missing.push('currency');
  if (!deadline) missing.push('neededBy');
  // No delivery location is not a gap: the request goes to the requester's site unless they say
  // otherwise (the procurement flow sends "to be confirmed"), and licences or services need none.
  if (!requester) missing.push('requester');

  return {
    items,
    budget,
    currency,
    neededBy: deadline?.date ?? null,
    deliveryLocation,
    requester: requester ?? null,
    missing,
  };
}
