import { dayNumber, isoDate } from './dates';
import { stems } from './text';
import type { QuoteLine, ReceivedQuote, RequestedItem } from '@org/orchestrator-contracts';

/** What {@link compareQuotes} compares quotes against; a {@link PurchaseRequest} spread in fits. */
export interface QuoteComparisonRequest {
  /** The requested items; a quote is complete when it covers each with at least the requested quantity. */
  items?: Array<Pick<RequestedItem, 'name' | 'quantity'> & { unit?: string | null }>;
  /** ISO date `YYYY-MM-DD` by which delivery is needed. */
  neededBy?: string | null;
  budget?: number | null;
  /** ISO 4217 code of the budget and of the comparison; defaults to the most common quoted currency. */
  currency?: string | null;
  /**
   * ISO date or date-time the order is placed (in a workflow: workflow time). Delivery is expected
   * `leadTimeDays` after it, and offers valid only until before it count as expired.
   */
  requestedAt: string;
}

/** One priced quote in the {@link QuoteComparison.ranking}. */
export interface RankedQuote {
  supplierId: string;
  /** The quoted total, or the sum of the lines when the quote states none. */
  total: number;
  currency: string | null;
  leadTimeDays: number | null;
  /** Expected delivery (`requestedAt` + lead time), when a lead time was quoted. */
  deliveryDate?: string;
  /** True when no needed-by date was given. */
  withinNeededBy: boolean;
  /** True when no budget was given; false when the currency differs from the budget's. */
  withinBudget: boolean;
  /** Covers every requested item with at least the requested quantity. */
  complete: boolean;
  /** May be chosen as {@link QuoteComparison.best}: exactly when `reasons` is empty. */
  eligible: boolean;
  /** Why the quote cannot be chosen (empty when eligible). */
  reasons: string[];
  /** Worth telling the approver but no reason to exclude, e.g. over budget. */
  notes: string[];
}

/** The result of {@link compareQuotes}. */
export interface QuoteComparison {
  /** The currency quotes are compared in (no conversion between currencies). */
  currency?: string;
  /**
   * Every priced quote: eligible ones first by total, lead time, supplier id; then the ineligible
   * ones in the comparison currency, then other currencies (alphabetically), each by the same keys.
   */
  ranking: RankedQuote[];
  /** The supplier id of the cheapest eligible quote. */
  best?: string;
  /** Every quote that cannot be chosen (declined, unpriced or ineligible), in input order, with why. */
  rejected: Array<{ supplierId: string; reason: string }>;
}

/**
 * Compares supplier quotes and picks the best: the lowest total among quotes that cover every
 * requested item and quantity, are in the comparison currency, are still valid and arrive by the
 * needed-by date. Ties go to the shorter lead time, then the lower supplier id, so the choice is
 * deterministic. Being over budget is a note, not an exclusion: approval decides.
 * Pure and deterministic, so workflows call it inline.
 * @example
 * const { best, ranking, rejected } = compareQuotes(quotes, { ...request, requestedAt: new Date().toISOString() });
 */
export function compareQuotes(quotes: ReceivedQuote[], request: QuoteComparisonRequest): QuoteComparison {
  const orderDay = dayNumber(request.requestedAt);
  if (orderDay === undefined) throw new RangeError(`requestedAt is not an ISO date: ${request.requestedAt}`);
  const neededDay = request.neededBy ? dayNumber(request.neededBy) : undefined;
  if (request.neededBy && neededDay === undefined) throw new RangeError(`neededBy is not an ISO date: ${request.neededBy}`);

  const priced = quotes.map((quote) => ({ quote, total: quoteTotal(quote) }));
  const currency =
    request.currency?.trim().toUpperCase() ||
    mostCommon(priced.filter((p) => p.quote.status === 'quoted' && p.total !== undefined).map((p) => normalCurrency(p.quote.currency)));

  const ranking: RankedQuote[] = [];
  const rejected: QuoteComparison['rejected'] = [];
  for (const { quote, total } of priced) {
    if (quote.status === 'declined') {
      rejected.push({ supplierId: quote.supplierId, reason: `declined to quote${quote.declineReason ? `: ${quote.declineReason}` : ''}` });
      continue;
    }
    if (total === undefined) {
      rejected.push({ supplierId: quote.supplierId, reason: 'no price: the quote states neither a total nor a price for every line' });
      continue;
    }
    const ranked = rankQuote(quote, total.value, { ...request, currency, orderDay, neededDay });
    if (total.note) ranked.notes.push(total.note);
    ranking.push(ranked);
    if (!ranked.eligible) rejected.push({ supplierId: quote.supplierId, reason: ranked.reasons.join('; ') });
  }

  ranking.sort((a, b) => compareRanked(a, b, currency));
  return { ...(currency ? { currency } : {}), ranking, best: ranking.find((r) => r.eligible)?.supplierId, rejected };
}

interface Context {
  items?: QuoteComparisonRequest['items'];
  budget?: number | null;
  currency?: string;
  orderDay: number;
  neededDay?: number;
  neededBy?: string | null;
}

function rankQuote(quote: ReceivedQuote, total: number, ctx: Context): RankedQuote {
  const reasons: string[] = [];
  const notes: string[] = [];
  const currency = normalCurrency(quote.currency) ?? null;
  if (!currency) reasons.push('the quote states no currency');
  else if (ctx.currency && currency !== ctx.currency) reasons.push(`quoted in ${currency}, not ${ctx.currency} (no currency conversion)`);

  const gaps = coverageGaps(ctx.items, quote.lines);
  reasons.push(...gaps);

  const leadTimeDays = quote.leadTimeDays ?? null;
  const deliveryDay = leadTimeDays === null ? undefined : ctx.orderDay + leadTimeDays;
  let withinNeededBy = true;
  if (ctx.neededDay !== undefined) {
    if (deliveryDay === undefined) {
      withinNeededBy = false;
      reasons.push(`no lead time quoted, so delivery by ${ctx.neededBy} cannot be confirmed`);
    } else if (deliveryDay > ctx.neededDay) {
      withinNeededBy = false;
      reasons.push(`delivery on ${isoDate(deliveryDay)} (${leadTimeDays} days lead time) is after the needed-by date ${ctx.neededBy}`);
    }
  }

  if (quote.validUntil) {
    const validDay = dayNumber(quote.validUntil);
    if (validDay !== undefined && validDay < ctx.orderDay) reasons.push(`the offer expired on ${quote.validUntil}`);
  }

  let withinBudget = true;
  if (ctx.budget !== undefined && ctx.budget !== null) {
    if (currency !== ctx.currency) withinBudget = false;
    else if (total > ctx.budget) {
      withinBudget = false;
      notes.push(`over budget: ${formatAmount(total)} ${currency} exceeds ${formatAmount(ctx.budget)} ${currency} by ${formatAmount(total - ctx.budget)}`);
    }
  }

  return {
    supplierId: quote.supplierId,
    total,
    currency,
    leadTimeDays,
    ...(deliveryDay === undefined ? {} : { deliveryDate: isoDate(deliveryDay) }),
    withinNeededBy,
    withinBudget,
    complete: gaps.length === 0,
    eligible: reasons.length === 0,
    reasons,
    notes,
  };
}

/** The total to compare: the stated one, else the sum of fully priced lines. */
function quoteTotal(quote: ReceivedQuote): { value: number; note?: string } | undefined {
  const priced = quote.lines.length > 0 && quote.lines.every((l) => l.quantity !== null && l.unitPrice !== null);
  const sum = priced ? roundCents(quote.lines.reduce((s, l) => s + (l.quantity ?? 0) * (l.unitPrice ?? 0), 0)) : undefined;
  if (quote.total !== null && Number.isFinite(quote.total)) {
    const value = roundCents(quote.total);
    const note =
      sum !== undefined && Math.abs(sum - value) >= 0.01
        ? `the stated total ${formatAmount(value)} differs from the sum of the lines ${formatAmount(sum)}`
        : undefined;
    return note ? { value, note } : { value };
  }
  return sum === undefined ? undefined : { value: sum };
}

/** Why the quoted lines do not cover the requested items (empty when they do). */
function coverageGaps(items: Context['items'], lines: QuoteLine[]): string[] {
  if (!items || items.length === 0) return [];
  if (lines.length === 0) return ['the quote has no lines, so it cannot be checked against the requested items'];
  const used = new Set<number>();
  const matched = new Map<number, number>();
  // Exact names first, so "monitor" is not taken by "monitor arm" before its own line.
  for (const exact of [true, false]) {
    items.forEach((item, i) => {
      if (matched.has(i)) return;
      const j = lines.findIndex((line, k) => !used.has(k) && namesMatch(item.name, line.item, exact));
      if (j >= 0) {
        used.add(j);
        matched.set(i, j);
      }
    });
  }
  const gaps: string[] = [];
  items.forEach((item, i) => {
    const j = matched.get(i);
    if (j === undefined) {
      gaps.push(`"${item.name}" is not quoted`);
      return;
    }
    const line = lines[j];
    if (item.quantity !== null && item.quantity !== undefined) {
      if (line.quantity === null) gaps.push(`no quantity quoted for "${item.name}"`);
      else if (line.quantity < item.quantity) gaps.push(`only ${line.quantity} of ${item.quantity} "${item.name}" quoted`);
    }
    const [want, got] = [normalUnit(item.unit), normalUnit(line.unit)];
    if (want && got && want !== got) gaps.push(`"${item.name}" quoted per ${line.unit}, requested per ${item.unit}`);
  });
  return gaps;
}

/** Same words, or (not `exact`) all words of one name appear in the other. */
function namesMatch(requested: string, quoted: string, exact: boolean): boolean {
  const [a, b] = [stems(requested), stems(quoted)];
  if (a.length === 0 || b.length === 0) return false;
  if (exact) return a.join(' ') === b.join(' ');
  const [setA, setB] = [new Set(a), new Set(b)];
  return a.every((w) => setB.has(w)) || b.every((w) => setA.has(w));
}

const PIECE_UNITS = new Set(['pc', 'pcs', 'piece', 'pieces', 'unit', 'units', 'ea', 'each', 'item', 'items', 'stk']);

function normalUnit(unit: string | null | undefined): string | undefined {
  const u = unit?.trim().toLowerCase().replace(/\.$/, '');
  if (!u) return undefined;
  if (PIECE_UNITS.has(u)) return 'pcs';
  return stems(u.replace('license', 'licence')).join(' ') || undefined;
}

function normalCurrency(currency: string | null | undefined): string | undefined {
  return currency?.trim().toUpperCase() || undefined;
}

/** The most frequent value; ties go to the alphabetically first, so the result is deterministic. */
function mostCommon(values: Array<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [value, count] of counts) {
    const bestCount = best === undefined ? 0 : (counts.get(best) ?? 0);
    if (count > bestCount || (count === bestCount && best !== undefined && value < best)) best = value;
  }
  return best;
}

function compareRanked(a: RankedQuote, b: RankedQuote, currency: string | undefined): number {
  const group = (r: RankedQuote) => (r.eligible ? 0 : r.currency === currency ? 1 : 2);
  return (
    group(a) - group(b) ||
    (group(a) === 2 ? compareStrings(a.currency ?? '\uffff', b.currency ?? '\uffff') : 0) ||
    a.total - b.total ||
    (a.leadTimeDays ?? Infinity) - (b.leadTimeDays ?? Infinity) ||
    compareStrings(a.supplierId, b.supplierId)
  );
}

/** Code-unit order: unlike localeCompare, the same on every machine. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function roundCents(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

function formatAmount(value: number): string {
  return roundCents(value).toFixed(2);
}
