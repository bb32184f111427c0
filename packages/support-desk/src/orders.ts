import type { Order, ShipmentStatus } from './types';
import { foldText } from './text';

// Order numbers look like `AB1234` (current format) or, for older orders, `A10482` / `10442`.
const NUMBER = '([a-z]{1,2}\\d{4,6}|\\d{4,6})(?![\\p{L}\\p{N}])';
// "order #A10482", "Bestellung 88231", "commande 66012", "(número 55120)", "order number: AB1234".
const AFTER_KEYWORD = new RegExp(
  '(?<!\\p{L})(?:order|bestellung|bestellnummer|auftrag|auftragsnummer|commande|pedido|ordine|bestelling|numero)' +
    '(?:\\s*(?:no\\.?|nr\\.?|number|nummer|numero|n°|id))?[\\s:#(.\\-]*' +
    NUMBER,
  'gu',
);
// "#10442" anywhere.
const AFTER_HASH = new RegExp(`(?<![\\p{L}\\p{N}])#\\s?${NUMBER}`, 'gu');
// A bare `AB1234` needs no keyword: the format is distinctive enough.
const CANONICAL = /(?<![\p{L}\p{N}])([a-z]{2}\d{4})(?![\p{L}\p{N}])/gu;

/**
 * Order numbers mentioned in an email, upper-cased, without `#`, each once, in order of appearance.
 * Bare digit runs count only after an order keyword (English, German, French, Spanish, Italian,
 * Dutch) or `#`, so postcodes, years and amounts are not taken for orders.
 * Pure; safe in workflow code.
 * @example
 * extractOrderNumbers('Where is my order #A10482? Also AB1234.'); // ['A10482', 'AB1234']
 */
export function extractOrderNumbers(text: string): string[] {
  const folded = foldText(text);
  const found: { index: number; number: string }[] = [];
  for (const pattern of [AFTER_KEYWORD, AFTER_HASH, CANONICAL]) {
    for (const match of folded.matchAll(pattern)) {
      found.push({ index: (match.index ?? 0) + match[0].length, number: match[1].toUpperCase() });
    }
  }
  found.sort((a, b) => a.index - b.index);
  return [...new Set(found.map((f) => f.number))];
}

/**
 * An order as plain facts for the support-answer agent (the shape of the agents package's
 * `SupportOrderFact`): the latest shipment's carrier, tracking number and ETA are flattened in.
 */
export interface OrderFact {
  id: string;
  status: string;
  items: { name: string; quantity: number }[];
  placedAt: string;
  total: number;
  currency: string;
  carrier?: string;
  trackingNumber?: string;
  estimatedDelivery?: string;
  shipmentStatus?: ShipmentStatus;
}

/** Flattens an {@link Order} into an {@link OrderFact} for the drafting agent. */
export function toOrderFact(order: Order): OrderFact {
  const fact: OrderFact = {
    id: order.number,
    status: order.status,
    items: order.items.map((item) => ({ name: item.name, quantity: item.quantity })),
    placedAt: order.placedAt,
    total: order.total,
    currency: order.currency,
  };
  const shipment = order.shipments.at(-1);
  if (shipment) {
    fact.carrier = shipment.carrier;
    fact.trackingNumber = shipment.trackingNumber;
    fact.shipmentStatus = shipment.status;
    if (shipment.estimatedDelivery) fact.estimatedDelivery = shipment.estimatedDelivery;
  }
  return fact;
}
