import { OrchestratorError } from '@org/orchestrator-contracts';
import { formatPurchaseOrderNumber } from '../ids';
import type { PurchaseOrder, PurchaseOrderInput, PurchaseOrderLine } from '../types';
import { openDatabase } from './sqlite';

/**
 * Durable, numbered purchase orders: one per thread. `createPurchaseOrder` is idempotent, so an
 * activity retried after a crash gets the purchase order it already created, never a second number.
 */
export interface PurchaseOrderStore {
  /**
   * Creates the thread's purchase order, numbered `PO-<year>-<nnnnnn>` without gaps per year, or
   * returns the one already created for `input.threadId`. Throws {@link PurchaseOrderConflictError}
   * if that one was created from different input (a bug upstream: one thread, one order).
   */
  createPurchaseOrder(input: PurchaseOrderInput): Promise<PurchaseOrder>;
  /** By number, e.g. `PO-2026-000123`. */
  get(number: string): Promise<PurchaseOrder | undefined>;
  findByThread(threadId: string): Promise<PurchaseOrder | undefined>;
  /** Every purchase order in number order (of one year if given): for inspection and tests. */
  list(year?: number): Promise<PurchaseOrder[]>;
  close(): Promise<void>;
}

/** Options of {@link openSqlitePurchaseOrderStore}. */
export interface SqlitePurchaseOrderStoreOptions {
  /** The clock for `createdAt` and the number's year (tests pin it). */
  now?: () => Date;
}

/** A thread already has a purchase order created from different input. */
export class PurchaseOrderConflictError extends OrchestratorError {
  override readonly name = 'PurchaseOrderConflictError';
  constructor(
    readonly threadId: string,
    readonly existing: PurchaseOrder,
  ) {
    super('PurchaseOrderConflict', `thread ${threadId} already has purchase order ${existing.number}, created from different input`);
  }
}

export interface PurchaseOrderRow {
  number: string;
  year: number;
  sequence: number;
  thread_id: string;
  input: string;
  created_at: string;
}

const roundCents = (value: number) => Math.round((value + Number.EPSILON) * 100) / 100;

/** Validates the input and fixes its shape and key order, so equal input serialises equally. */
export function normalise(input: PurchaseOrderInput): Omit<PurchaseOrder, 'number' | 'year' | 'sequence' | 'createdAt'> {
  const problems: string[] = [];
  if (!input.threadId?.trim()) problems.push('threadId is empty');
  if (!input.supplier?.id || !input.supplier.name || !input.supplier.email) problems.push('supplier needs id, name and email');
  if (!Array.isArray(input.lines) || input.lines.length === 0) problems.push('no lines');
  input.lines?.forEach((l, i) => {
    if (!l.item?.trim()) problems.push(`line ${i + 1}: no item`);
    if (!(Number.isFinite(l.quantity) && l.quantity > 0)) problems.push(`line ${i + 1}: quantity must be positive`);
    if (!(Number.isFinite(l.unitPrice) && l.unitPrice >= 0)) problems.push(`line ${i + 1}: unitPrice must be a non-negative number`);
  });
  if (!(Number.isFinite(input.total) && input.total >= 0)) problems.push('total must be a non-negative number');
  if (!/^[A-Za-z]{3}$/.test(input.currency ?? '')) problems.push('currency must be an ISO 4217 code');
  if (!input.requester?.trim()) problems.push('requester is empty');
  if (!input.approvedBy?.trim()) problems.push('approvedBy is empty');
  if (!input.deliveryLocation?.trim()) problems.push('deliveryLocation is empty');
  if (input.neededBy && !/^\d{4}-\d{2}-\d{2}$/.test(input.neededBy)) problems.push('neededBy must be an ISO date');
  if (problems.length > 0) throw new TypeError(`invalid purchase order: ${problems.join('; ')}`);

  const lines: PurchaseOrderLine[] = input.lines.map((l) => ({
    item: l.item.trim(),
    quantity: l.quantity,
    unit: l.unit?.trim() || null,
    unitPrice: l.unitPrice,
    amount: roundCents(l.quantity * l.unitPrice),
  }));
  return {
    threadId: input.threadId.trim(),
    supplier: { id: input.supplier.id, name: input.supplier.name, email: input.supplier.email },
    lines,
    total: roundCents(input.total),
    currency: input.currency.toUpperCase(),
    requester: input.requester,
    approvedBy: input.approvedBy,
    deliveryLocation: input.deliveryLocation,
    neededBy: input.neededBy ?? null,
  };
}

export function orderOf(row: PurchaseOrderRow): PurchaseOrder {
  return { number: row.number, year: row.year, sequence: row.sequence, ...JSON.parse(row.input), createdAt: row.created_at };
}

/**
 * Purchase orders in a SQLite file (`:memory:` for tests), created when missing. Numbering runs in
 * `BEGIN IMMEDIATE` transactions: concurrent workers wait for each other, so numbers are sequential
 * per year without gaps or duplicates, and a thread never gets two. Writes are `synchronous = FULL`.
 * @example
 * const orders = openSqlitePurchaseOrderStore('.data/procurement.sqlite');
 * const po = await orders.createPurchaseOrder({ threadId, supplier, lines, total, currency: 'EUR', … });
 * po.number; // 'PO-2026-000001'
 */
export function openSqlitePurchaseOrderStore(filename: string, options: SqlitePurchaseOrderStoreOptions = {}): PurchaseOrderStore {
  const now = options.now ?? (() => new Date());
  const db = openDatabase(filename, () => undefined);

  const byThread = db.prepare<[string], PurchaseOrderRow>('SELECT * FROM purchase_orders WHERE thread_id = ?');
  const byNumber = db.prepare<[string], PurchaseOrderRow>('SELECT * FROM purchase_orders WHERE number = ?');
  const lastSequence = db.prepare<[number], { last: number | null }>('SELECT max(sequence) AS last FROM purchase_orders WHERE year = ?');
  const insert = db.prepare<[Record<string, unknown>]>(`
    INSERT INTO purchase_orders (number, year, sequence, thread_id, input, created_at)
    VALUES (@number, @year, @sequence, @threadId, @input, @createdAt)`);

  const create = db.transaction((input: ReturnType<typeof normalise>, at: Date): PurchaseOrder => {
    const serialised = JSON.stringify(input);
    const existing = byThread.get(input.threadId);
    if (existing) {
      if (existing.input !== serialised) throw new PurchaseOrderConflictError(input.threadId, orderOf(existing));
      return orderOf(existing);
    }
    const year = at.getUTCFullYear();
    const sequence = (lastSequence.get(year)?.last ?? 0) + 1;
    const number = formatPurchaseOrderNumber(year, sequence);
    insert.run({ number, year, sequence, threadId: input.threadId, input: serialised, createdAt: at.toISOString() });
    return orderOf(byNumber.get(number) as PurchaseOrderRow);
  });

  return {
    async createPurchaseOrder(input) {
      return create.immediate(normalise(input), now());
    },
    async get(number) {
      const row = byNumber.get(number);
      return row ? orderOf(row) : undefined;
    },
    async findByThread(threadId) {
      const row = byThread.get(threadId.trim());
      return row ? orderOf(row) : undefined;
    },
    async list(year) {
      const rows = (
        year === undefined
          ? db.prepare('SELECT * FROM purchase_orders ORDER BY year, sequence').all()
          : db.prepare('SELECT * FROM purchase_orders WHERE year = ? ORDER BY sequence').all(year)
      ) as PurchaseOrderRow[];
      return rows.map(orderOf);
    },
    async close() {
      db.close();
    },
  };
}
