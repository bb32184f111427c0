import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { BlobStore } from '@org/orchestrator-blob-store';
import type { AttachmentRef } from '@org/orchestrator-contracts';
import type { PurchaseOrder, PurchaseOrderInput, Supplier } from '@org/orchestrator-procurement';
import type { PurchaseOrderStore, SupplierDirectory, SupplierQueryItem } from '@org/orchestrator-procurement/node';
import { PurchaseOrderConflictError, storePurchaseOrderDocument } from '@org/orchestrator-procurement/node';
import { INVALID_ACTIVITY_INPUT, parseInput, requireDependency } from '../errors';
import type { FlowConfig } from './flow-config';

/** Error type of a second, different purchase order for one thread (never retried: a workflow bug). */
export const PURCHASE_ORDER_CONFLICT = 'PurchaseOrderConflict';

/** Where the procurement activities find suppliers and keep purchase orders. */
export interface ProcurementDependencies {
  suppliers: SupplierDirectory;
  purchaseOrders: PurchaseOrderStore;
}

/** Input of `findSuppliers`. */
export interface FindSuppliersInput {
  /** The requested items (the extracted purchase request's `items` can be passed as they are). */
  items: SupplierQueryItem[];
  /** Most suppliers returned; default: the configured `procurement.maxSuppliers`. */
  max?: number;
}

/** Result of `createPurchaseOrder`: the stored order and its PDF in the blob store, ready to attach. */
export interface CreatedPurchaseOrder {
  purchaseOrder: PurchaseOrder;
  document: AttachmentRef;
}

const findSuppliersSchema = z.object({
  items: z
    .array(z.object({ name: z.string().trim().min(1).max(500), specification: z.string().max(2000).nullish() }))
    .min(1, 'needs at least one item')
    .max(100),
  max: z.number().int().positive().max(50).optional(),
});

const purchaseOrderSchema = z.object({
  threadId: z.string().trim().min(1),
  supplier: z.object({ id: z.string().min(1), name: z.string().min(1), email: z.string().min(1) }),
  lines: z
    .array(
      z.object({
        item: z.string().trim().min(1),
        quantity: z.number().positive(),
        unit: z.string().nullish(),
        unitPrice: z.number().nonnegative(),
      }),
    )
    .min(1, 'needs at least one line'),
  total: z.number().nonnegative(),
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code'),
  requester: z.string().trim().min(1),
  approvedBy: z.string().trim().min(1),
  deliveryLocation: z.string().trim().min(1),
  neededBy: z.iso.date({ error: 'must be an ISO date YYYY-MM-DD' }).nullish(),
});

/**
 * The activities of the procurement flow. Each fails with a non-retryable `ActivityNotConfigured`
 * when the worker was started without the procurement stores (or, for documents, the blob store).
 */
export function createProcurementActivities({
  procurement,
  blobStore,
  flows,
}: {
  procurement?: ProcurementDependencies;
  blobStore?: BlobStore;
  flows: FlowConfig;
}) {
  return {
    /**
     * Suppliers to ask for quotes, best match first (most items covered, then rating and lead
     * time), at most `max` (default `procurement.maxSuppliers`). Empty when nobody sells the items:
     * the workflow then hands the request to a human.
     */
    async findSuppliers(input: FindSuppliersInput): Promise<Supplier[]> {
      const { items, max } = parseInput('findSuppliers', findSuppliersSchema, input);
      const { suppliers } = requireDependency('findSuppliers', 'procurement supplier directory', procurement);
      return suppliers.findSuppliersFor(items, { max: max ?? flows.procurement.maxSuppliers });
    },

    /**
     * Creates the thread's purchase order (numbered once: a retry or replay gets the same number)
     * and stores its PDF in the blob store. Rendering is deterministic and blobs are
     * content-addressed, so a retry returns the same document id too.
     * A different order for a thread that already has one fails non-retryably (`PurchaseOrderConflict`).
     */
    async createPurchaseOrder(input: PurchaseOrderInput): Promise<CreatedPurchaseOrder> {
      const order = parseInput('createPurchaseOrder', purchaseOrderSchema, input);
      const { purchaseOrders } = requireDependency('createPurchaseOrder', 'procurement purchase order store', procurement);
      const documents = requireDependency('createPurchaseOrder', 'blob store (outbound.blobStore)', blobStore);
      let purchaseOrder: PurchaseOrder;
      try {
        purchaseOrder = await purchaseOrders.createPurchaseOrder(order);
      } catch (error) {
        if (error instanceof PurchaseOrderConflictError) {
          throw ApplicationFailure.create({
            type: PURCHASE_ORDER_CONFLICT,
            message: error.message,
            nonRetryable: true,
            details: [{ threadId: error.threadId, existing: error.existing.number }],
          });
        }
        // The store's own checks (beyond the schema) reject input that no retry can fix.
        if (error instanceof TypeError) {
          throw ApplicationFailure.create({ type: INVALID_ACTIVITY_INPUT, message: `createPurchaseOrder: ${error.message}`, nonRetryable: true });
        }
        throw error;
      }
      const document = await storePurchaseOrderDocument(purchaseOrder, documents);
      return { purchaseOrder, document };
    },
  };
}
