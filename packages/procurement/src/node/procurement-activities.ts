import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { BlobStore } from '@org/orchestrator-blob-store';
import type { AttachmentRef } from '@org/orchestrator-contracts';
import type { AgentProvider } from '@org/orchestrator-agents';
import { runAgentTask } from '@org/orchestrator-agents';
import { AGENT_HEARTBEAT_MS, INVALID_ACTIVITY_INPUT, agentActivity, parseInput, requireDependency } from '@org/orchestrator-activities';
import type { PurchaseOrder, PurchaseOrderInput, Supplier } from '../types';
import type { PurchaseOrderStore } from './purchase-order-store';
import { PurchaseOrderConflictError } from './purchase-order-store';
import { storePurchaseOrderDocument } from './render-purchase-order';
import type { SupplierDirectory, SupplierQueryItem } from './supplier-directory';
import { DEFAULT_MAX_SUPPLIERS } from './supplier-directory';
import { PURCHASE_ORDER_CONFLICT } from '../errors';
import { extractPurchaseRequestTask } from './tasks/extract-purchase-request';
import type { ExtractPurchaseRequestInput, ExtractPurchaseRequestOutput } from './tasks/extract-purchase-request';
import { readQuoteTask } from './tasks/read-quote';
import type { ReadQuoteInput, ReadQuoteOutput } from './tasks/read-quote';

// The workflow's proxy never retries it, so it is declared where workflow code reads it too (the root entry).
export { PURCHASE_ORDER_CONFLICT };

/**
 * What the procurement activities work with: where they find suppliers and keep purchase orders,
 * where the orders' PDFs go, and the agent provider that reads requests and quotes. Each is
 * optional: an activity missing one fails `ActivityNotConfigured`.
 */
export interface ProcurementDependencies {
  suppliers?: SupplierDirectory;
  purchaseOrders?: PurchaseOrderStore;
  /** Where purchase order PDFs are stored (the worker's outbound blob store: they are attached from there). */
  blobStore?: BlobStore;
  /** Extracts requests and reads quotes (the offline `RulesProvider`, or a model). */
  agents?: AgentProvider;
  /** Most suppliers `findSuppliers` returns when the call names no `max`: the flow configuration's `procurement.maxSuppliers`. */
  maxSuppliers?: number;
  /** How often the agent activities heartbeat while their agent works (default `AGENT_HEARTBEAT_MS`). */
  heartbeatMs?: number;
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
 * The activities of the procurement flow: its short steps over the stores, and its agent tasks
 * (heartbeating while the agent works, agent errors mapped as the thread core's are). Each fails
 * with a non-retryable `ActivityNotConfigured` when its dependency is missing.
 */
export function createProcurementActivities(dependencies: ProcurementDependencies = {}) {
  const { blobStore, agents, maxSuppliers = DEFAULT_MAX_SUPPLIERS, heartbeatMs = AGENT_HEARTBEAT_MS } = dependencies;
  const provider = (activity: string) => requireDependency(activity, 'agent provider', agents);
  return {
    /** Items, budget, needed-by date, delivery location, requester of a purchase request; and what is missing. */
    extractPurchaseRequest: agentActivity<ExtractPurchaseRequestInput, ExtractPurchaseRequestOutput>(
      'extractPurchaseRequest',
      (input, options) => runAgentTask(provider('extractPurchaseRequest'), extractPurchaseRequestTask, input, options),
      heartbeatMs,
    ),
    /** Prices, total, lead time, validity and conditions of a supplier's quote, or a decline. */
    readQuote: agentActivity<ReadQuoteInput, ReadQuoteOutput>(
      'readQuote',
      (input, options) => runAgentTask(provider('readQuote'), readQuoteTask, input, options),
      heartbeatMs,
    ),

    /**
     * Suppliers to ask for quotes, best match first (most items covered, then rating and lead
     * time), at most `max` (default `procurement.maxSuppliers`). Empty when nobody sells the items:
     * the workflow then hands the request to a human.
     */
    async findSuppliers(input: FindSuppliersInput): Promise<Supplier[]> {
      const { items, max } = parseInput('findSuppliers', findSuppliersSchema, input);
      const suppliers = requireDependency('findSuppliers', 'procurement supplier directory', dependencies.suppliers);
      return suppliers.findSuppliersFor(items, { max: max ?? maxSuppliers });
    },

    /**
     * Creates the thread's purchase order (numbered once: a retry or replay gets the same number)
     * and stores its PDF in the blob store. Rendering is deterministic and blobs are
     * content-addressed, so a retry returns the same document id too.
     * A different order for a thread that already has one fails non-retryably (`PurchaseOrderConflict`).
     */
    async createPurchaseOrder(input: PurchaseOrderInput): Promise<CreatedPurchaseOrder> {
      const order = parseInput('createPurchaseOrder', purchaseOrderSchema, input);
      const purchaseOrders = requireDependency('createPurchaseOrder', 'procurement purchase order store', dependencies.purchaseOrders);
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

/** The procurement flow's activities, as workflows proxy them (`shortStepsFor<ProcurementActivities>()`). */
export type ProcurementActivities = ReturnType<typeof createProcurementActivities>;
