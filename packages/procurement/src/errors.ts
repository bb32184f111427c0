/** Error type of a second, different purchase order for one thread (never retried: a workflow bug). */
export const PURCHASE_ORDER_CONFLICT = 'PurchaseOrderConflict';
