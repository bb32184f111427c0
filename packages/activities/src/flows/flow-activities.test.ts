import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { BlobStore } from '@org/orchestrator-blob-store';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import { createFileOutbox } from '@org/orchestrator-email';
import type { PurchaseOrderInput, Supplier } from '@org/orchestrator-procurement';
import type { PurchaseOrderStore, SqliteSupplierDirectory } from '@org/orchestrator-procurement/node';
import { openSqlitePurchaseOrderStore, openSqliteSupplierDirectory } from '@org/orchestrator-procurement/node';
import { RulesProvider, createAgents } from '@org/orchestrator-agents';
import { createActivities } from '../create-activities';
import { ACTIVITY_NOT_CONFIGURED, INVALID_ACTIVITY_INPUT } from '../errors';
import { openSqliteOutboxLedger } from '../store/sqlite-outbox-ledger';
import type { OutboxLedger } from '../store/outbox-ledger';
import { openSqliteStore } from '../store/sqlite-store';
import type { FlowConfig } from './flow-config';
import { flowConfig } from './flow-config';
import type { CreatedPurchaseOrder } from './procurement-activities';
import { PURCHASE_ORDER_CONFLICT } from './procurement-activities';

const purchaseOrderInput = (overrides: Partial<PurchaseOrderInput> = {}): PurchaseOrderInput => ({
  threadId: '<req-1@acme.example>',
  supplier: { id: 'northwind-it', name: 'Northwind IT Supplies', email: 'sales@northwind-it.example' },
  lines: [
    { item: 'Laptop 14", 16 GB RAM', quantity: 10, unit: 'pcs', unitPrice: 1049.5 },
    { item: 'Monitor 27"', quantity: 10, unitPrice: 249 },
  ],
  total: 12985,
  currency: 'EUR',
  requester: 'Maria Schmidt <maria.schmidt@acme.example>',
  approvedBy: 'approver@orchestrator.local',
  deliveryLocation: 'Acme HQ, Hauptstr. 1, 10115 Berlin',
  neededBy: '2026-12-15',
  ...overrides,
});

/** Several tests fail activities on purpose; keep the activity logger from printing them. */
const noop = () => undefined;
const quiet: Logger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

/** Runs `call` and returns what it threw. */
async function failure(call: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('flow activities', () => {
  let dir: string;
  let suppliers: SqliteSupplierDirectory;
  let purchaseOrders: PurchaseOrderStore;
  let blobStore: BlobStore;
  let ledger: OutboxLedger;
  let activities: ReturnType<typeof createActivities>;
  const store = openSqliteStore(':memory:');
  const env = new MockActivityEnvironment({ activityId: 'flow-1' }, { logger: quiet });
  const flows = flowConfig({ procurement: { maxSuppliers: 2 } });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flow-activities-'));
    const procurementDb = path.join(dir, 'procurement.sqlite');
    suppliers = openSqliteSupplierDirectory(procurementDb);
    purchaseOrders = openSqlitePurchaseOrderStore(procurementDb, { now: () => new Date('2026-11-25T10:00:00Z') });
    blobStore = createDirectoryBlobStore(path.join(dir, 'blobs'));
    ledger = openSqliteOutboxLedger(path.join(dir, 'ledger.sqlite'));
    activities = createActivities({
      store,
      outbound: { ledger, transport: createFileOutbox(path.join(dir, 'outbox')), blobStore },
      flows,
      procurement: { suppliers, purchaseOrders },
    });
  });
  afterAll(async () => {
    await suppliers.close();
    await purchaseOrders.close();
    await ledger.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('loadFlowConfig', () => {
    it('returns the configured policy, saying the default (rules) agents answer in-process', async () => {
      const config: FlowConfig = await env.run(activities.loadFlowConfig);
      expect(config).toEqual({ ...flows, agentsInline: true });
      expect(config.procurement.maxSuppliers).toBe(2);
    });

    it('leaves agents given by the caller (a remote provider) out of process unless told', async () => {
      const dependencies = { store, outbound: { ledger, transport: createFileOutbox(path.join(dir, 'outbox')), blobStore }, flows };
      const given = createActivities({ ...dependencies, agents: createAgents(new RulesProvider()) });
      const fromGiven: FlowConfig = await env.run(given.loadFlowConfig);
      expect(fromGiven.agentsInline).toBeUndefined();
      const inline = createActivities({ ...dependencies, agents: createAgents(new RulesProvider()), agentsInline: true });
      const fromInline: FlowConfig = await env.run(inline.loadFlowConfig);
      expect(fromInline.agentsInline).toBe(true);
    });
  });

  describe('findSuppliers', () => {
    it('finds the seeded suppliers for laptops and monitors, best first, up to the configured maximum', async () => {
      const found: Supplier[] = await env.run(activities.findSuppliers, {
        items: [{ name: 'Laptops', specification: '16 GB RAM' }, { name: 'Monitors 27"' }],
      });
      expect(found.map((s) => s.id)).toEqual(['northwind-it', 'contoso-computing']);
      const more: Supplier[] = await env.run(activities.findSuppliers, { items: [{ name: 'monitor', specification: null }], max: 5 });
      expect(more.map((s) => s.id)).toEqual(expect.arrayContaining(['northwind-it', 'contoso-computing', 'fabrikam-displays']));
    });

    it('finds nobody for things no supplier sells', async () => {
      await expect(env.run(activities.findSuppliers, { items: [{ name: 'live goats' }] })).resolves.toEqual([]);
    });

    it('refuses an empty item list', async () => {
      const error = await failure(env.run(activities.findSuppliers, { items: [] }));
      expect(error).toMatchObject({ type: INVALID_ACTIVITY_INPUT, nonRetryable: true });
      expect(error.message).toContain('items: needs at least one item');
    });
  });

  describe('createPurchaseOrder', () => {
    it('creates one numbered order per thread and stores the same PDF on a retry', async () => {
      const first: CreatedPurchaseOrder = await env.run(activities.createPurchaseOrder, purchaseOrderInput());
      const again: CreatedPurchaseOrder = await env.run(activities.createPurchaseOrder, purchaseOrderInput());
      expect(first.purchaseOrder.number).toBe('PO-2026-000001');
      expect(again.purchaseOrder.number).toBe(first.purchaseOrder.number);
      expect(again.document).toEqual(first.document);
      expect(first.document).toMatchObject({ filename: 'PO-2026-000001.pdf', contentType: 'application/pdf' });
      await expect(blobStore.has(first.document.id)).resolves.toBe(true);
      const pdf = await blobStore.get(first.document.id);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBe(first.document.size);

      const other: CreatedPurchaseOrder = await env.run(activities.createPurchaseOrder, purchaseOrderInput({ threadId: '<req-2@acme.example>' }));
      expect(other.purchaseOrder.number).toBe('PO-2026-000002');
    });

    it('refuses a different order for a thread that already has one, without retrying', async () => {
      await env.run(activities.createPurchaseOrder, purchaseOrderInput({ threadId: '<req-3@acme.example>' }));
      const error = await failure(env.run(activities.createPurchaseOrder, purchaseOrderInput({ threadId: '<req-3@acme.example>', total: 1 })));
      expect(error).toMatchObject({ type: PURCHASE_ORDER_CONFLICT, nonRetryable: true });
    });

    it('refuses invalid input naming the field', async () => {
      const error = await failure(env.run(activities.createPurchaseOrder, purchaseOrderInput({ currency: 'euro', lines: [] })));
      expect(error).toMatchObject({ type: INVALID_ACTIVITY_INPUT, nonRetryable: true });
      expect(error.message).toMatch(/lines: needs at least one line.*currency: must be an ISO 4217 code/);
    });
  });

  describe('without the flow dependencies', () => {
    const bareLedger = openSqliteOutboxLedger(':memory:');
    const bare = createActivities({ store, outbound: { ledger: bareLedger, transport: createFileOutbox(tmpdir()) } });
    afterAll(() => bareLedger.close());

    it.each([
      ['findSuppliers', () => bare.findSuppliers({ items: [{ name: 'laptop' }] }), 'procurement supplier directory'],
      ['createPurchaseOrder', () => bare.createPurchaseOrder(purchaseOrderInput()), 'procurement purchase order store'],
    ])('%s fails with ActivityNotConfigured, naming what is missing', async (_name, call, dependency) => {
      const error = await failure(env.run(call));
      expect(error).toMatchObject({ type: ACTIVITY_NOT_CONFIGURED, nonRetryable: true });
      expect(error.message).toContain(dependency);
    });

    it('still hands out the default flow configuration', async () => {
      const config: FlowConfig = await env.run(bare.loadFlowConfig);
      expect(config.support.agents).toEqual(['agent@orchestrator.local']);
    });
  });
});
