import type Database from 'better-sqlite3';
import { OrchestratorError, normalizeAddress } from '@org/orchestrator-contracts';
import { migrateSqlite } from '@org/orchestrator-postgres';
import type { Customer, Order, OrderItem, Shipment, Ticket, TicketPriority } from '../types';
import { SEED_CUSTOMERS, SEED_ORDERS } from './seed';
import { openDatabase } from './sqlite';
import { SUPPORT_DESK_SCHEMA } from './support-desk-schema';

/** Input of {@link SupportDesk.createTicket}. */
export interface CreateTicketInput {
  /** The email thread (one ticket per thread). */
  threadId: string;
  customerEmail: string;
  subject: string;
  reason: string;
  priority?: TicketPriority;
}

/** Thrown for an unknown ticket id. */
export class TicketNotFoundError extends OrchestratorError {
  override readonly name = 'TicketNotFoundError';
  constructor(readonly ticketId: string) {
    super('TicketNotFound', `no ticket ${ticketId}`);
  }
}

/** Thrown when assigning a closed ticket. */
export class TicketClosedError extends OrchestratorError {
  override readonly name = 'TicketClosedError';
  constructor(readonly ticketId: string) {
    super('TicketClosed', `ticket ${ticketId} is closed`);
  }
}

/** Customers, orders, shipments and tickets of the support desk. Every write is idempotent. */
export interface SupportDesk {
  /** The customer writing from `email` (case-insensitive; `Name <addr>` accepted), or `null`. */
  findCustomerByEmail(email: string): Customer | null;
  /** An order by number (`AB1234`, `#a10482`, …) with its shipments, or `null`. */
  findOrder(number: string): Order | null;
  /**
   * An order only if it belongs to the customer writing from `email`: use this for numbers taken
   * from an email, so nobody learns about someone else's order by quoting its number.
   */
  findOrderForCustomer(number: string, email: string): Order | null;
  /** A customer's orders, newest first. */
  ordersForCustomer(customerId: string): Order[];
  /** Creates the thread's ticket, or returns the existing one unchanged (retries, redeliveries). */
  createTicket(input: CreateTicketInput): Ticket;
  /** Assigns (or reassigns) a ticket; assigning to the current assignee changes nothing. */
  assignTicket(ticketId: string, agentEmail: string): Ticket;
  /** Closes a ticket; closing a closed ticket returns it unchanged. */
  closeTicket(ticketId: string, resolution?: string): Ticket;
  /**
   * Reopens a closed ticket (the customer wrote again on its thread): back to `assigned` if it has
   * an assignee, else `open`, without its resolution. Reopening a ticket that is not closed
   * returns it unchanged.
   */
  reopenTicket(ticketId: string): Ticket;
  /** A ticket by id (`T-000042`), or `null`. */
  getTicket(ticketId: string): Ticket | null;
  /** The thread's ticket, or `null`. */
  ticketForThread(threadId: string): Ticket | null;
  close(): void;
}

/** Options of {@link openSqliteSupportDesk}. */
export interface SupportDeskOptions {
  /** Insert the sample customers and orders (idempotent). Default `true`. */
  seed?: boolean;
  /** Clock for ticket timestamps (tests). */
  now?: () => Date;
}

export interface OrderRow {
  number: string;
  customer_id: string;
  items: string;
  total_minor: number;
  currency: string;
  status: Order['status'];
  placed_at: string;
}

export interface ShipmentRow {
  carrier: string;
  tracking_number: string;
  status: Shipment['status'];
  estimated_delivery: string | null;
  updated_at: string;
}

export interface TicketRow {
  seq: number;
  thread_id: string;
  customer_email: string;
  subject: string;
  reason: string;
  priority: TicketPriority;
  status: Ticket['status'];
  assignee: string | null;
  resolution: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export const toMinor = (amount: number): number => Math.round(amount * 100);

function seed(db: Database.Database): void {
  const customer = db.prepare('INSERT OR IGNORE INTO customers (id, email, name, tier) VALUES (@id, @email, @name, @tier)');
  const order = db.prepare(`
    INSERT OR IGNORE INTO orders (number, customer_id, items, total_minor, currency, status, placed_at)
    VALUES (@number, @customerId, @items, @totalMinor, @currency, @status, @placedAt)`);
  const shipment = db.prepare(`
    INSERT OR IGNORE INTO shipments (order_number, carrier, tracking_number, status, estimated_delivery, updated_at)
    VALUES (@orderNumber, @carrier, @trackingNumber, @status, @estimatedDelivery, @updatedAt)`);
  for (const c of SEED_CUSTOMERS) customer.run(c);
  for (const o of SEED_ORDERS) {
    const totalMinor = o.items.reduce((sum, i) => sum + toMinor(i.unitPrice) * i.quantity, 0);
    order.run({ ...o, items: JSON.stringify(o.items), totalMinor });
    for (const s of o.shipments) shipment.run({ ...s, orderNumber: o.number });
  }
}

/** `#ab1234` → `AB1234`. */
export function normalizeOrderNumber(number: string): string {
  return number.trim().replace(/^#\s*/, '').toUpperCase();
}

export const ticketId = (seq: number): string => `T-${String(seq).padStart(6, '0')}`;

export function parseTicketId(id: string): number | null {
  const match = /^T-(\d{6,})$/.exec(id.trim());
  return match ? Number(match[1]) : null;
}

export function toTicket(row: TicketRow): Ticket {
  return {
    id: ticketId(row.seq),
    threadId: row.thread_id,
    customerEmail: row.customer_email,
    subject: row.subject,
    reason: row.reason,
    priority: row.priority,
    status: row.status,
    assignee: row.assignee,
    resolution: row.resolution,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

/**
 * Opens (creating and seeding if needed) the support desk database at `filename` (`:memory:` for
 * tests). WAL and a busy timeout let several worker processes share one file; seeding is
 * `INSERT OR IGNORE`, so opening twice, or from two processes, yields the same rows.
 * @example
 * const desk = openSqliteSupportDesk('.data/support-desk.sqlite');
 * const customer = desk.findCustomerByEmail('emma.jones@mail.example');
 * const order = desk.findOrderForCustomer('A10482', 'emma.jones@mail.example');
 */
export function openSqliteSupportDesk(filename: string, options: SupportDeskOptions = {}): SupportDesk {
  const now = options.now ?? (() => new Date());
  const db = openDatabase(filename, (d) => {
    migrateSqlite(d, [SUPPORT_DESK_SCHEMA]);
    if (options.seed ?? true) seed(d);
  });

  const customerByEmail = db.prepare<[string], Customer>('SELECT id, email, name, tier FROM customers WHERE email = ?');
  const orderByNumber = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE number = ?');
  const ordersByCustomer = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE customer_id = ? ORDER BY placed_at DESC, number');
  const shipmentsByOrder = db.prepare<[string], ShipmentRow>('SELECT * FROM shipments WHERE order_number = ? ORDER BY updated_at, id');
  const insertTicket = db.prepare(`
    INSERT INTO tickets (thread_id, customer_email, subject, reason, priority, status, created_at, updated_at)
    VALUES (@threadId, @customerEmail, @subject, @reason, @priority, 'open', @at, @at)`);
  const ticketBySeq = db.prepare<[number], TicketRow>('SELECT * FROM tickets WHERE seq = ?');
  const ticketByThread = db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE thread_id = ?');
  const assign = db.prepare("UPDATE tickets SET assignee = @agent, status = 'assigned', updated_at = @at WHERE seq = @seq AND assignee IS NOT @agent");
  const close = db.prepare("UPDATE tickets SET status = 'closed', resolution = ?, closed_at = ?, updated_at = ? WHERE seq = ? AND status <> 'closed'");
  const reopen = db.prepare(`
    UPDATE tickets SET status = CASE WHEN assignee IS NULL THEN 'open' ELSE 'assigned' END,
      resolution = NULL, closed_at = NULL, updated_at = ?
    WHERE seq = ? AND status = 'closed'`);

  const createTicketOnce = db.transaction((input: CreateTicketInput): Ticket => {
    const existing = ticketByThread.get(input.threadId);
    if (existing) return toTicket(existing);
    insertTicket.run({
      threadId: input.threadId,
      customerEmail: normalizeAddress(input.customerEmail) ?? input.customerEmail.trim(),
      subject: input.subject,
      reason: input.reason,
      priority: input.priority ?? 'normal',
      at: now().toISOString(),
    });
    return toTicket(ticketByThread.get(input.threadId) as TicketRow);
  });

  const toOrder = (row: OrderRow): Order => ({
    number: row.number,
    customerId: row.customer_id,
    items: JSON.parse(row.items) as OrderItem[],
    total: row.total_minor / 100,
    currency: row.currency,
    status: row.status,
    placedAt: row.placed_at,
    shipments: shipmentsByOrder.all(row.number).map((s) => ({
      carrier: s.carrier,
      trackingNumber: s.tracking_number,
      status: s.status,
      estimatedDelivery: s.estimated_delivery,
      updatedAt: s.updated_at,
    })),
  });

  const findCustomerByEmail = (email: string): Customer | null => {
    const address = normalizeAddress(email);
    return (address && customerByEmail.get(address)) || null;
  };
  const findOrder = (number: string): Order | null => {
    const row = orderByNumber.get(normalizeOrderNumber(number));
    return row ? toOrder(row) : null;
  };
  const getTicket = (id: string): Ticket | null => {
    const seq = parseTicketId(id);
    const row = seq === null ? undefined : ticketBySeq.get(seq);
    return row ? toTicket(row) : null;
  };
  const requireTicket = (id: string): Ticket => {
    const ticket = getTicket(id);
    if (!ticket) throw new TicketNotFoundError(id);
    return ticket;
  };

  return {
    findCustomerByEmail,
    findOrder,
    findOrderForCustomer(number, email) {
      const customer = findCustomerByEmail(email);
      const order = customer ? findOrder(number) : null;
      return order && order.customerId === customer?.id ? order : null;
    },
    ordersForCustomer(customerId) {
      return ordersByCustomer.all(customerId).map(toOrder);
    },
    createTicket(input) {
      // Look up before inserting (not ON CONFLICT): a conflicting insert would still use up a number.
      return createTicketOnce.immediate(input);
    },
    assignTicket(id, agentEmail) {
      const ticket = requireTicket(id);
      if (ticket.status === 'closed') throw new TicketClosedError(ticket.id);
      const agent = normalizeAddress(agentEmail) ?? agentEmail.trim();
      assign.run({ agent, at: now().toISOString(), seq: parseTicketId(id) });
      return requireTicket(id);
    },
    closeTicket(id, resolution) {
      requireTicket(id);
      const at = now().toISOString();
      close.run(resolution ?? null, at, at, parseTicketId(id));
      return requireTicket(id);
    },
    reopenTicket(id) {
      requireTicket(id);
      reopen.run(now().toISOString(), parseTicketId(id));
      return requireTicket(id);
    },
    getTicket,
    ticketForThread(threadId) {
      const row = ticketByThread.get(threadId);
      return row ? toTicket(row) : null;
    },
    close() {
      db.close();
    },
  };
}
