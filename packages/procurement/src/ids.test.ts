import { PURCHASE_ORDER_NUMBER_PATTERN, formatPurchaseOrderNumber, parsePurchaseOrderNumber } from './ids';

describe('formatPurchaseOrderNumber', () => {
  it('pads the sequence to six digits', () => {
    expect(formatPurchaseOrderNumber(2026, 123)).toBe('PO-2026-000123');
    expect(formatPurchaseOrderNumber(2026, 1234567)).toBe('PO-2026-1234567');
    expect(PURCHASE_ORDER_NUMBER_PATTERN.test('PO-2026-000123')).toBe(true);
  });

  it('refuses invalid parts', () => {
    expect(() => formatPurchaseOrderNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatPurchaseOrderNumber(26, 1)).toThrow(RangeError);
    expect(() => formatPurchaseOrderNumber(2026, 1.5)).toThrow(RangeError);
  });
});

describe('parsePurchaseOrderNumber', () => {
  it('round-trips formatted numbers', () => {
    expect(parsePurchaseOrderNumber(formatPurchaseOrderNumber(2027, 42))).toEqual({ year: 2027, sequence: 42 });
  });

  it('returns undefined for anything else', () => {
    expect(parsePurchaseOrderNumber('PO-2026-000000')).toBeUndefined();
    expect(parsePurchaseOrderNumber('PO-2026-12')).toBeUndefined();
    expect(parsePurchaseOrderNumber('INV-2026-000001')).toBeUndefined();
  });
});
