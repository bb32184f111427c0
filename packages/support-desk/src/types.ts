// The intents, urgency and sentiment are the support flow's vocabulary, declared once in the
// contracts (the agents classify with them, the thread state shows them): used from there.
export type { Sentiment, SupportIntent, Urgency } from '@org/orchestrator-contracts';

/** A customer of the shop. */
export interface Customer {
  /** Stable id, e.g. `C-1001`. */
  id: string;
  /** Lower-case email address the customer writes from. */
  email: string;
  name: string;
  tier: 'standard' | 'plus' | 'vip';
}

/** One line of an order. */
export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  /** Price of one unit, in the order's currency. */
  unitPrice: number;
}

/** Lifecycle of an order. */
export type OrderStatus = 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'returned' | 'refunded';

/** Where a parcel is, as last reported by the carrier. */
export type ShipmentStatus = 'label-created' | 'in-transit' | 'out-for-delivery' | 'delivered' | 'exception' | 'returned';

/** A parcel of an order. */
export interface Shipment {
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
  /** Estimated delivery date (`YYYY-MM-DD`), when the carrier gave one. */
  estimatedDelivery: string | null;
  /** ISO timestamp of the last carrier update. */
  updatedAt: string;
}

/** An order with its shipments (oldest first). */
export interface Order {
  /** The number customers quote, e.g. `AB1234` or `10442`. */
  number: string;
  customerId: string;
  items: OrderItem[];
  total: number;
  /** ISO 4217 code, e.g. `EUR`. */
  currency: string;
  status: OrderStatus;
  /** ISO timestamp. */
  placedAt: string;
  shipments: Shipment[];
}

/** Priority of a ticket handed to a human. */
export type TicketPriority = 'low' | 'normal' | 'high';

/** Where a ticket stands. */
export type TicketStatus = 'open' | 'assigned' | 'closed';

/** A thread escalated to a human agent; at most one per thread. */
export interface Ticket {
  /** `T-` and six digits, e.g. `T-000042`. */
  id: string;
  threadId: string;
  customerEmail: string;
  subject: string;
  /** Why the thread was escalated (e.g. the auto-reply refusal reasons). */
  reason: string;
  priority: TicketPriority;
  status: TicketStatus;
  /** Email of the assigned agent. */
  assignee: string | null;
  resolution: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}
