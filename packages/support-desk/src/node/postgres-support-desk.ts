import type pg from 'pg';
import type { Asynchronous } from '@org/orchestrator-postgres';
import { inTransaction, openPostgresPool } from '@org/orchestrator-postgres';
import { normalizeAddress } from '@org/orchestrator-contracts';
import type { Customer, Order, OrderItem, Ticket } from '../types';
import { SEED_CUSTOMERS, SEED_ORDERS } from './seed';
import type { OrderRow, ShipmentRow, SupportDesk, SupportDeskOptions, TicketRow } from './support-desk-store';
import { TicketClosedError, TicketNotFoundError, normalizeOrderNumber, parseTicketId, toMinor, toTicket } from './support-desk-store';

/** The support desk answering with promises: the PostgreSQL implementation. */
export type PostgresSupportDesk = Asynchronous<SupportDesk>;

/**
 * Loads the sample customers, orders and shipments into the PostgreSQL support desk at `url`
 * (migrated first). Inserts only what is missing: running it again, or from several hosts, changes nothing.
 */
export async function seedPostgresSupportDesk(url: string): Promise<{ customers: number; orders: number }> {
  const pool = openPostgresPool(url, { applicationName: 'orchestrator-seed', max: 1 });
  try {
    return await inTransaction(pool, async (client) => {
      let customers = 0;
      let orders = 0;
      for (const c of SEED_CUSTOMERS) {
        const { rowCount } = await client.query('INSERT INTO customers (id, email, name, tier) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
          c.id,
          c.email,
          c.name,
          c.tier,
        ]);
        customers += rowCount ?? 0;
      }
      for (const o of SEED_ORDERS) {
        const totalMinor = o.items.reduce((sum, i) => sum + toMinor(i.unitPrice) * i.quantity, 0);
        const { rowCount } = await client.query(
          'INSERT INTO orders (number, customer_id, items, total_minor, currency, status, placed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING',
          [o.number, o.customerId, JSON.stringify(o.items), totalMinor, o.currency, o.status, o.placedAt],
        );
        orders += rowCount ?? 0;
        for (const s of o.shipments) {
          await client.query(
            `INSERT INTO shipments (order_number, carrier, tracking_number, status, estimated_delivery, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
            [o.number, s.carrier, s.trackingNumber, s.status, s.estimatedDelivery, s.updatedAt],
          );
        }
      }
      return { customers, orders };
    });
  } finally {
    await pool.end();
  }
}

/**
 * The support desk in PostgreSQL ({@link SUPPORT_DESK_SCHEMA}, migrated first; seed it with
 * {@link seedPostgresSupportDesk}), shared by workers on any number of hosts. Ticket numbers
 * come from an identity sequence, unique across workers. Same contract as {@link openSqliteSupportDesk}
 * (its `seed` option does not apply: seeding is a command).
 * @example
 * const desk = openPostgresSupportDesk(process.env.DATABASE_URL!);
 * const customer = await desk.findCustomerByEmail('emma.jones@mail.example');
 */
export function openPostgresSupportDesk(url: string, options: Pick<SupportDeskOptions, 'now'> = {}): PostgresSupportDesk {
  const now = options.now ?? (() => new Date());
  const pool = openPostgresPool(url, { applicationName: 'orchestrator-support-desk' });
  const one = async <T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T | undefined> => (await pool.query<T>(text, values)).rows[0];

  const toOrder = async (row: OrderRow): Promise<Order> => {
    const { rows } = await pool.query<ShipmentRow>('SELECT * FROM shipments WHERE order_number = $1 ORDER BY updated_at, id', [row.number]);
    return {
      number: row.number,
      customerId: row.customer_id,
      items: JSON.parse(row.items) as OrderItem[],
      total: Number(row.total_minor) / 100,
      currency: row.currency,
      status: row.status,
      placedAt: row.placed_at,
      shipments: rows.map((s) => ({
        carrier: s.carrier,
        trackingNumber: s.tracking_number,
        status: s.status,
        estimatedDelivery: s.estimated_delivery,
        updatedAt: s.updated_at,
      })),
    };
  };
  const ticketOf = (row: TicketRow): Ticket => toTicket({ ...row, seq: Number(row.seq) });

  const findCustomerByEmail = async (email: string): Promise<Customer | null> => {
    const address = normalizeAddress(email);
    if (!address) return null;
    return (await one<Customer>('SELECT id, email, name, tier FROM customers WHERE lower(email) = lower($1)', [address])) ?? null;
  };
  const findOrder = async (number: string): Promise<Order | null> => {
    const row = await one<OrderRow>('SELECT * FROM orders WHERE number = $1', [normalizeOrderNumber(number)]);
    return row ? toOrder(row) : null;
  };
  const getTicket = async (id: string): Promise<Ticket | null> => {
    const seq = parseTicketId(id);
    // Beyond bigint: no such ticket (and no query error).
    if (seq === null || !Number.isSafeInteger(seq)) return null;
    const row = await one<TicketRow>('SELECT * FROM tickets WHERE seq = $1', [seq]);
    return row ? ticketOf(row) : null;
  };
  const requireTicket = async (id: string): Promise<Ticket> => {
    const ticket = await getTicket(id);
    if (!ticket) throw new TicketNotFoundError(id);
    return ticket;
  };
  const ticketForThread = async (threadId: string): Promise<Ticket | null> => {
    const row = await one<TicketRow>('SELECT * FROM tickets WHERE thread_id = $1', [threadId]);
    return row ? ticketOf(row) : null;
  };

  return {
    findCustomerByEmail,
    findOrder,
    async findOrderForCustomer(number, email) {
      const customer = await findCustomerByEmail(email);
      const order = customer ? await findOrder(number) : null;
      return order && order.customerId === customer?.id ? order : null;
    },
    async ordersForCustomer(customerId) {
      const { rows } = await pool.query<OrderRow>('SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at DESC, number', [customerId]);
      return Promise.all(rows.map(toOrder));
    },
    async createTicket(input) {
      // Look up first: a conflicting insert would still use up a number of the sequence.
      const existing = await ticketForThread(input.threadId);
      if (existing) return existing;
      const at = now().toISOString();
      await pool.query(
        `INSERT INTO tickets (thread_id, customer_email, subject, reason, priority, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $6) ON CONFLICT (thread_id) DO NOTHING`,
        [input.threadId, normalizeAddress(input.customerEmail) ?? input.customerEmail.trim(), input.subject, input.reason, input.priority ?? 'normal', at],
      );
      return (await ticketForThread(input.threadId)) as Ticket;
    },
    async assignTicket(id, agentEmail) {
      const ticket = await requireTicket(id);
      if (ticket.status === 'closed') throw new TicketClosedError(ticket.id);
      const agent = normalizeAddress(agentEmail) ?? agentEmail.trim();
      await pool.query(
        "UPDATE tickets SET assignee = $1, status = 'assigned', updated_at = $2 WHERE seq = $3 AND assignee IS DISTINCT FROM $1 AND status <> 'closed'",
        [agent, now().toISOString(), parseTicketId(id)],
      );
      return requireTicket(id);
    },
    async closeTicket(id, resolution) {
      await requireTicket(id);
      const at = now().toISOString();
      await pool.query("UPDATE tickets SET status = 'closed', resolution = $1, closed_at = $2, updated_at = $2 WHERE seq = $3 AND status <> 'closed'", [
        resolution ?? null,
        at,
        parseTicketId(id),
      ]);
      return requireTicket(id);
    },
    async reopenTicket(id) {
      await requireTicket(id);
      await pool.query(
        `UPDATE tickets SET status = CASE WHEN assignee IS NULL THEN 'open' ELSE 'assigned' END, resolution = NULL, closed_at = NULL, updated_at = $1
         WHERE seq = $2 AND status = 'closed'`,
        [now().toISOString(), parseTicketId(id)],
      );
      return requireTicket(id);
    },
    getTicket,
    ticketForThread,
    async close() {
      await pool.end();
    },
  };
}
