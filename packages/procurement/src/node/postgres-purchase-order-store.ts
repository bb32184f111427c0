import { inTransaction, openPostgresPool } from '@org/orchestrator-postgres';
import { formatPurchaseOrderNumber } from '../ids';
import type { PurchaseOrder } from '../types';
import type { PurchaseOrderRow, PurchaseOrderStore, SqlitePurchaseOrderStoreOptions } from './purchase-order-store';
import { PurchaseOrderConflictError, normalise, orderOf } from './purchase-order-store';

/** PostgreSQL's code for a unique violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * Purchase orders in PostgreSQL ({@link PROCUREMENT_SCHEMA}, migrated first), shared by workers on
 * any number of hosts. A number is taken by incrementing the year's row of `purchase_order_numbers`
 * in the transaction that inserts the order: that row lock serialises creators of one year, and a
 * rolled-back create gives its number back, so numbers stay unique and gapless (a PostgreSQL
 * SEQUENCE is not transactional and would leave gaps). Same contract as {@link openSqlitePurchaseOrderStore}.
 * @example
 * const orders = openPostgresPurchaseOrderStore(process.env.DATABASE_URL!);
 */
export function openPostgresPurchaseOrderStore(url: string, options: SqlitePurchaseOrderStoreOptions = {}): PurchaseOrderStore {
  const now = options.now ?? (() => new Date());
  const pool = openPostgresPool(url, { applicationName: 'orchestrator-purchase-orders' });
  const byThread = async (threadId: string) => (await pool.query<PurchaseOrderRow>('SELECT * FROM purchase_orders WHERE thread_id = $1', [threadId])).rows[0];

  const createOnce = (input: ReturnType<typeof normalise>, at: Date): Promise<PurchaseOrder> =>
    inTransaction(pool, async (client) => {
      const serialised = JSON.stringify(input);
      const year = at.getUTCFullYear();
      const { rows } = await client.query<{ last_sequence: number }>(
        `INSERT INTO purchase_order_numbers (year, last_sequence) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last_sequence = purchase_order_numbers.last_sequence + 1 RETURNING last_sequence`,
        [year],
      );
      // After the lock: a concurrent create for this thread in this year has committed or not started.
      const existing = (await client.query<PurchaseOrderRow>('SELECT * FROM purchase_orders WHERE thread_id = $1', [input.threadId])).rows[0];
      if (existing) throw new ExistingOrder(existing, serialised);
      const sequence = rows[0]!.last_sequence;
      const inserted = await client.query<PurchaseOrderRow>(
        'INSERT INTO purchase_orders (number, year, sequence, thread_id, input, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
        [formatPurchaseOrderNumber(year, sequence), year, sequence, input.threadId, serialised, at.toISOString()],
      );
      return orderOf(inserted.rows[0]!);
    });

  const existingOrder = (row: PurchaseOrderRow, serialised: string): PurchaseOrder => {
    if (row.input !== serialised) throw new PurchaseOrderConflictError(row.thread_id, orderOf(row));
    return orderOf(row);
  };

  return {
    async createPurchaseOrder(input) {
      const normalised = normalise(input);
      try {
        return await createOnce(normalised, now());
      } catch (error) {
        // The transaction rolled back, giving its number back; answer with the thread's order.
        if (error instanceof ExistingOrder) return existingOrder(error.row, error.serialised);
        // The thread's order was created in another year's transaction at the same moment.
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
          const row = await byThread(normalised.threadId);
          if (row) return existingOrder(row, JSON.stringify(normalised));
        }
        throw error;
      }
    },
    async get(number) {
      const { rows } = await pool.query<PurchaseOrderRow>('SELECT * FROM purchase_orders WHERE number = $1', [number]);
      return rows[0] ? orderOf(rows[0]) : undefined;
    },
    async findByThread(threadId) {
      const row = await byThread(threadId.trim());
      return row ? orderOf(row) : undefined;
    },
    async list(year) {
      const { rows } =
        year === undefined
          ? await pool.query<PurchaseOrderRow>('SELECT * FROM purchase_orders ORDER BY year, sequence')
          : await pool.query<PurchaseOrderRow>('SELECT * FROM purchase_orders WHERE year = $1 ORDER BY sequence', [year]);
      return rows.map(orderOf);
    },
    async close() {
      await pool.end();
    },
  };
}

/** Thrown inside the create transaction to roll it back when the thread already has its order. */
class ExistingOrder extends Error {
  constructor(
    readonly row: PurchaseOrderRow,
    readonly serialised: string,
  ) {
    super('the thread already has a purchase order');
  }
}
