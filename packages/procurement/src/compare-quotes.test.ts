import { compareQuotes } from './compare-quotes';
import type { QuoteComparisonRequest } from './compare-quotes';
import type { ReceivedQuote } from '@org/orchestrator-contracts';

const request: QuoteComparisonRequest = {
  items: [
    { name: 'Laptops', quantity: 10, unit: 'pcs' },
    { name: 'Monitor', quantity: 10, unit: null },
  ],
  neededBy: '2026-12-15',
  budget: 15000,
  currency: 'EUR',
  requestedAt: '2026-11-25T10:00:00Z',
};

function quote(supplierId: string, overrides: Partial<ReceivedQuote> = {}): ReceivedQuote {
  return {
    supplierId,
    status: 'quoted',
    lines: [
      { item: 'Dell Latitude 5450 laptop', quantity: 10, unit: 'pcs', unitPrice: 1000 },
      { item: 'Monitor Dell P2725H 27 inch', quantity: 10, unit: 'pcs', unitPrice: 250 },
    ],
    total: 12500,
    currency: 'EUR',
    leadTimeDays: 10,
    validUntil: '2026-12-31',
    conditions: ['Payment: 30 days net'],
    ...overrides,
  };
}

describe('compareQuotes', () => {
  it('picks the lowest total among complete, on-time quotes in the request currency', () => {
    const result = compareQuotes(
      [quote('b-supplier', { total: 12000 }), quote('a-supplier'), quote('c-supplier', { total: 11000, leadTimeDays: 30 })],
      request,
    );
    expect(result.best).toBe('b-supplier');
    expect(result.currency).toBe('EUR');
    expect(result.ranking.map((r) => r.supplierId)).toEqual(['b-supplier', 'a-supplier', 'c-supplier']);
    expect(result.ranking[0]).toEqual({
      supplierId: 'b-supplier',
      total: 12000,
      currency: 'EUR',
      leadTimeDays: 10,
      deliveryDate: '2026-12-05',
      withinNeededBy: true,
      withinBudget: true,
      complete: true,
      eligible: true,
      reasons: [],
      notes: ['the stated total 12000.00 differs from the sum of the lines 12500.00'],
    });
    expect(result.rejected).toEqual([
      { supplierId: 'c-supplier', reason: 'delivery on 2026-12-25 (30 days lead time) is after the needed-by date 2026-12-15' },
    ]);
  });

  it('breaks ties by lead time, then supplier id, whatever the input order', () => {
    const quotes = [quote('zeta', { leadTimeDays: 5 }), quote('beta'), quote('alpha')];
    const forward = compareQuotes(quotes, request);
    const backward = compareQuotes([...quotes].reverse(), request);
    expect(forward.ranking.map((r) => r.supplierId)).toEqual(['zeta', 'alpha', 'beta']);
    expect(backward).toEqual(forward);
  });

  it('lists declined and unpriced quotes as rejected, outside the ranking', () => {
    const result = compareQuotes(
      [
        quote('declines', { status: 'declined', lines: [], total: null, declineReason: 'out of stock' }),
        quote('unpriced', { total: null, lines: [{ item: 'Laptop', quantity: 10, unit: 'pcs', unitPrice: null }] }),
        quote('ok'),
      ],
      request,
    );
    expect(result.best).toBe('ok');
    expect(result.ranking.map((r) => r.supplierId)).toEqual(['ok']);
    expect(result.rejected).toEqual([
      { supplierId: 'declines', reason: 'declined to quote: out of stock' },
      { supplierId: 'unpriced', reason: 'no price: the quote states neither a total nor a price for every line' },
    ]);
  });

  it('sums the lines when no total is stated', () => {
    const result = compareQuotes([quote('a', { total: null })], request);
    expect(result.ranking[0].total).toBe(12500);
    expect(result.ranking[0].notes).toEqual([]);
  });

  it('ranks other currencies separately and never picks them (no conversion)', () => {
    const result = compareQuotes(
      [quote('usd-cheap', { currency: 'USD', total: 9000 }), quote('gbp', { currency: 'gbp', total: 8000 }), quote('eur', { total: 13000 })],
      request,
    );
    expect(result.best).toBe('eur');
    expect(result.ranking.map((r) => [r.supplierId, r.currency])).toEqual([
      ['eur', 'EUR'],
      ['gbp', 'GBP'],
      ['usd-cheap', 'USD'],
    ]);
    expect(result.rejected).toContainEqual({ supplierId: 'usd-cheap', reason: 'quoted in USD, not EUR (no currency conversion)' });
    expect(result.ranking.find((r) => r.supplierId === 'gbp')!.withinBudget).toBe(false);
  });

  it('compares in the most common quoted currency when the request names none', () => {
    const result = compareQuotes([quote('a', { currency: 'USD', total: 9000 }), quote('b'), quote('c', { total: 12600 })], {
      ...request,
      currency: null,
    });
    expect(result.currency).toBe('EUR');
    expect(result.best).toBe('b');
  });

  it('rejects incomplete quotes and says what is missing', () => {
    const result = compareQuotes(
      [
        quote('short', {
          lines: [
            { item: 'Laptop', quantity: 8, unit: 'pcs', unitPrice: 1000 },
            { item: 'Monitors', quantity: 10, unit: 'box', unitPrice: 250 },
          ],
        }),
        quote('partial', { lines: [{ item: 'laptop', quantity: 10, unit: 'pieces', unitPrice: 1000 }], total: 10000 }),
        quote('no-lines', { lines: [] }),
      ],
      request,
    );
    expect(result.best).toBeUndefined();
    const reasons = Object.fromEntries(result.ranking.map((r) => [r.supplierId, r.reasons]));
    // "Monitor" was requested without a unit, so the box unit is no gap.
    expect(reasons['short']).toEqual(['only 8 of 10 "Laptops" quoted']);
    expect(reasons['partial']).toEqual(['"Monitor" is not quoted']);
    expect(reasons['no-lines']).toEqual(['the quote has no lines, so it cannot be checked against the requested items']);
    expect(result.ranking.every((r) => !r.complete && !r.eligible)).toBe(true);
  });

  it('flags unit mismatches when both sides state a unit', () => {
    const result = compareQuotes([quote('a', { lines: [{ item: 'Printer paper A4', quantity: 5, unit: 'box', unitPrice: 30 }], total: 150 })], {
      items: [{ name: 'printer paper', quantity: 5, unit: 'reams' }],
      requestedAt: '2026-11-25',
    });
    expect(result.ranking[0].reasons).toEqual(['"printer paper" quoted per box, requested per reams']);
  });

  it('matches exact names before partial ones', () => {
    const result = compareQuotes(
      [
        quote('a', {
          lines: [
            { item: 'Monitor arm', quantity: 2, unit: null, unitPrice: 50 },
            { item: 'Monitor', quantity: 2, unit: null, unitPrice: 200 },
          ],
          total: 500,
        }),
      ],
      {
        items: [
          { name: 'monitors', quantity: 2 },
          { name: 'monitor arms', quantity: 2 },
        ],
        requestedAt: '2026-11-25',
      },
    );
    expect(result.ranking[0].complete).toBe(true);
  });

  it('needs a lead time to confirm a needed-by date, and ignores it without one', () => {
    const withDate = compareQuotes([quote('a', { leadTimeDays: null })], request);
    expect(withDate.ranking[0]).toMatchObject({ withinNeededBy: false, eligible: false });
    expect(withDate.ranking[0].reasons).toEqual(['no lead time quoted, so delivery by 2026-12-15 cannot be confirmed']);
    expect(withDate.ranking[0].deliveryDate).toBeUndefined();

    const withoutDate = compareQuotes([quote('a', { leadTimeDays: null })], { ...request, neededBy: null });
    expect(withoutDate.best).toBe('a');
  });

  it('counts delivery on the needed-by day as on time', () => {
    const result = compareQuotes([quote('a', { leadTimeDays: 20 })], request);
    expect(result.ranking[0]).toMatchObject({ deliveryDate: '2026-12-15', withinNeededBy: true, eligible: true });
  });

  it('rejects expired offers', () => {
    const result = compareQuotes([quote('a', { validUntil: '2026-11-24' })], request);
    expect(result.rejected).toEqual([{ supplierId: 'a', reason: 'the offer expired on 2026-11-24' }]);
  });

  it('keeps over-budget quotes eligible but notes it (approval decides)', () => {
    const result = compareQuotes([quote('a')], { ...request, budget: 12000 });
    expect(result.best).toBe('a');
    expect(result.ranking[0].withinBudget).toBe(false);
    expect(result.ranking[0].notes).toEqual(['over budget: 12500.00 EUR exceeds 12000.00 EUR by 500.00']);
  });

  it('joins several reasons for one rejection', () => {
    const result = compareQuotes([quote('a', { currency: 'USD', leadTimeDays: 60 })], request);
    expect(result.rejected[0].reason).toBe(
      'quoted in USD, not EUR (no currency conversion); delivery on 2027-01-24 (60 days lead time) is after the needed-by date 2026-12-15',
    );
  });

  it('accepts an empty list', () => {
    expect(compareQuotes([], request)).toEqual({ currency: 'EUR', ranking: [], best: undefined, rejected: [] });
  });

  it('refuses unreadable dates', () => {
    expect(() => compareQuotes([], { ...request, requestedAt: 'soon' })).toThrow(RangeError);
    expect(() => compareQuotes([], { ...request, neededBy: '2026-02-30' })).toThrow(RangeError);
  });
});
