import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { BlobStore } from '@org/orchestrator-blob-store';
import { createDirectoryBlobStore } from '@org/orchestrator-blob-store';
import type { AgentProvider } from '@org/orchestrator-agents';
import { AGENT_UNAVAILABLE, AgentUnavailableError, RulesProvider } from '@org/orchestrator-agents';
import type { AgentActivityResult } from '@org/orchestrator-activities';
import { ACTIVITY_NOT_CONFIGURED, INVALID_ACTIVITY_INPUT } from '@org/orchestrator-activities';
import type { Supplier } from '../../types';
import type { CreatedPurchaseOrder, ProcurementActivities } from '../procurement-activities';
import { PURCHASE_ORDER_CONFLICT, createProcurementActivities } from '../procurement-activities';
import type { PurchaseOrderStore } from '../purchase-order-store';
import { openSqlitePurchaseOrderStore } from '../purchase-order-store';
import type { SqliteSupplierDirectory } from '../supplier-directory';
import { openSqliteSupplierDirectory } from '../supplier-directory';
import { PROCUREMENT_RULES } from '../procurement-rules';
import type { ExtractPurchaseRequestOutput } from '../tasks/extract-purchase-request';
import type { ReadQuoteOutput } from '../tasks/read-quote';
import { purchaseOrderInput } from './fixtures';
import { quietLogger, activityFailure } from '@org/orchestrator-testing';

describe('procurement activities', () => {
  let dir: string;
  let suppliers: SqliteSupplierDirectory;
  let purchaseOrders: PurchaseOrderStore;
  let blobStore: BlobStore;
  let activities: ProcurementActivities;
  const env = new MockActivityEnvironment({ activityId: 'procurement-1' }, { logger: quietLogger });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'procurement-activities-'));
    const file = path.join(dir, 'procurement.sqlite');
    suppliers = openSqliteSupplierDirectory(file);
    purchaseOrders = openSqlitePurchaseOrderStore(file, { now: () => new Date('2026-11-25T10:00:00Z') });
    blobStore = createDirectoryBlobStore(path.join(dir, 'blobs'));
    activities = createProcurementActivities({
      suppliers,
      purchaseOrders,
      blobStore,
      agents: new RulesProvider({ rules: PROCUREMENT_RULES }),
      maxSuppliers: 2,
    });
  });
  afterAll(async () => {
    await suppliers.close();
    await purchaseOrders.close();
    rmSync(dir, { recursive: true, force: true });
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

    it('refuses an empty item list, and an absurd maximum', async () => {
      const error = await activityFailure(env.run(activities.findSuppliers, { items: [] }));
      expect(error).toMatchObject({ type: INVALID_ACTIVITY_INPUT, nonRetryable: true });
      expect(error.message).toContain('items: needs at least one item');
      await expect(activityFailure(env.run(activities.findSuppliers, { items: [{ name: 'laptop' }], max: 10_000 }))).resolves.toMatchObject({
        type: INVALID_ACTIVITY_INPUT,
      });
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
      const error = await activityFailure(env.run(activities.createPurchaseOrder, purchaseOrderInput({ threadId: '<req-3@acme.example>', total: 1 })));
      expect(error).toMatchObject({ type: PURCHASE_ORDER_CONFLICT, nonRetryable: true });
      expect((await purchaseOrders.findByThread('<req-3@acme.example>'))?.total).not.toBe(1);
    });

    it('refuses invalid input naming the field', async () => {
      const error = await activityFailure(env.run(activities.createPurchaseOrder, purchaseOrderInput({ currency: 'euro', lines: [] })));
      expect(error).toMatchObject({ type: INVALID_ACTIVITY_INPUT, nonRetryable: true });
      expect(error.message).toMatch(/lines: needs at least one line.*currency: must be an ISO 4217 code/);
    });
  });

  describe('the agent tasks', () => {
    it('extract a purchase request from the new content of an email, quoted history left out', async () => {
      const { output, usage }: AgentActivityResult<ExtractPurchaseRequestOutput> = await env.run(activities.extractPurchaseRequest, {
        subject: 'Laptops for the new team',
        text: 'Hi,\n\nplease order 10 laptops (16 GB RAM) for the Berlin office by 2026-12-15. Budget 12000 EUR.\n\nMaria\n\n> On Monday someone wrote:\n> 500 monitors please',
        from: { name: 'Maria Schmidt', address: 'maria.schmidt@acme.example' },
      });
      expect(output.items.map((i) => i.name.toLowerCase()).join(' ')).toContain('laptop');
      expect(JSON.stringify(output)).not.toContain('500');
      expect(usage).toMatchObject({ provider: 'rules' });
    });

    it('read a supplier’s quote, or a decline', async () => {
      const { output }: AgentActivityResult<ReadQuoteOutput> = await env.run(activities.readQuote, {
        subject: 'Re: Request for quotation',
        text: 'Dear buyer,\n\nwe are sorry, but we cannot quote for these items.\n\nRegards',
        from: { address: 'sales@northwind-it.example' },
      });
      expect(output.status).toBe('declined');
    });

    it('map an unusable answer to a non-retryable failure, an unavailable provider to a retryable one', async () => {
      const invalid = await activityFailure(env.run(activities.readQuote, 'not an object' as never));
      expect(invalid).toMatchObject({ type: INVALID_ACTIVITY_INPUT, nonRetryable: true });
      const down: AgentProvider = {
        name: 'down',
        complete: async () => {
          throw new AgentUnavailableError('readQuote', 'the model is down');
        },
      } as unknown as AgentProvider;
      const unavailable = await activityFailure(env.run(createProcurementActivities({ agents: down }).readQuote, { text: 'a quote', subject: 'q' }));
      expect(unavailable).toMatchObject({ type: AGENT_UNAVAILABLE, nonRetryable: false });
    });
  });

  describe('without their dependencies', () => {
    const bare = createProcurementActivities();
    it.each([
      ['findSuppliers', () => bare.findSuppliers({ items: [{ name: 'laptop' }] }), 'procurement supplier directory'],
      ['createPurchaseOrder', () => bare.createPurchaseOrder(purchaseOrderInput()), 'procurement purchase order store'],
      ['readQuote', () => bare.readQuote({ text: 'a quote', subject: 'q' }), 'agent provider'],
    ])('%s fails with ActivityNotConfigured, naming what is missing', async (_name, call, dependency) => {
      const error = await activityFailure(env.run(call));
      expect(error).toMatchObject({ type: ACTIVITY_NOT_CONFIGURED, nonRetryable: true });
      expect(error.message).toContain(dependency);
    });
  });
});
