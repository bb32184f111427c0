import type { PurchaseRequest } from '@org/orchestrator-contracts';

/** The purchase request as extracted, and completed by the requester's answers. */
export type ExtractedRequest = PurchaseRequest;

/** A field without which suppliers cannot be asked (the requester is asked for it). */
export type RequestField = 'items' | 'quantity' | 'neededBy';

/** Fields without which suppliers cannot be asked: what to buy, how many, by when. */
export function missingEssentials(request: ExtractedRequest): RequestField[] {
  const missing: RequestField[] = [];
  if (request.items.length === 0) missing.push('items');
  else if (request.items.some((item) => item.quantity === null)) missing.push('quantity');
  if (!request.neededBy) missing.push('neededBy');
  return missing;
}

const words = (name: string) =>
  name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
const sameItem = (a: string, b: string) => {
  const [x, y] = [words(a), words(b)];
  return x.length > 0 && y.length > 0 && (x.every((w) => y.includes(w)) || y.every((w) => x.includes(w)));
};

/**
 * Completes a request with the requester's answer: missing quantities are taken from the answer's
 * item of the same name (or its only item), missing fields from the answer. What the first email
 * stated is kept: a reply fills gaps, it does not silently change the order.
 */
export function mergeRequest(base: ExtractedRequest, answer: ExtractedRequest): ExtractedRequest {
  const items =
    base.items.length === 0
      ? answer.items
      : base.items.map((item) => {
          if (item.quantity !== null) return item;
          const match = answer.items.find((a) => sameItem(a.name, item.name)) ?? (answer.items.length === 1 ? answer.items[0] : undefined);
          return match?.quantity != null ? { ...item, quantity: match.quantity, unit: item.unit ?? match.unit } : item;
        });
  const merged: ExtractedRequest = {
    items,
    budget: base.budget ?? answer.budget,
    currency: base.currency ?? answer.currency,
    neededBy: base.neededBy ?? answer.neededBy,
    deliveryLocation: base.deliveryLocation ?? answer.deliveryLocation,
    requester: base.requester ?? answer.requester,
    missing: [],
  };
  merged.missing = missingEssentials(merged);
  return merged;
}
