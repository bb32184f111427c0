import { stems } from '../text';
import type { Supplier } from '../types';
import type { SupplierCategory } from './seed-suppliers';
import type { SupplierQueryItem } from './supplier-directory';

/**
 * Suppliers whose categories match the items, best first: most items covered, then rating
 * (highest first), lead time (shortest first), id. Shared by every supplier directory.
 */
export function rankSuppliers(categories: SupplierCategory[], suppliers: Supplier[], items: SupplierQueryItem[], max: number): Supplier[] {
  const categoryMatchers = categories.map((c) => ({ id: c.id, keywords: c.keywords.map(stems) }));
  const categoriesOf = (item: SupplierQueryItem): Set<string> => {
    // The name decides; the specification only when the name alone matches nothing
    // ("laptop with USB-C dock" is a laptop, not a dock).
    for (const text of [item.name, `${item.name} ${item.specification ?? ''}`]) {
      const words = new Set(stems(text));
      const found = categoryMatchers.filter((c) => c.keywords.some((k) => k.length > 0 && k.every((w) => words.has(w))));
      if (found.length > 0) return new Set(found.map((c) => c.id));
    }
    return new Set();
  };
  const wanted = items.map(categoriesOf);
  const scored = suppliers
    .map((supplier) => ({ supplier, covered: wanted.filter((ids) => supplier.categories.some((c) => ids.has(c))).length }))
    .filter((s) => s.covered > 0);
  scored.sort(
    (a, b) =>
      b.covered - a.covered ||
      (b.supplier.rating ?? 0) - (a.supplier.rating ?? 0) ||
      (a.supplier.leadTimeDays ?? Infinity) - (b.supplier.leadTimeDays ?? Infinity) ||
      (a.supplier.id < b.supplier.id ? -1 : 1),
  );
  return scored.slice(0, Math.max(0, max)).map((s) => s.supplier);
}
