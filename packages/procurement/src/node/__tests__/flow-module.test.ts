import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RulesProvider } from '@org/orchestrator-agents';
import { flowConfig, flowStoreFile } from '@org/orchestrator-activities';
import { migratePostgres } from '@org/orchestrator-postgres';
import { tempDirPerTest, testDatabases } from '@org/orchestrator-testing';
import type { Supplier } from '../../types';
import { PROCUREMENT_STORE, procurementFlowModule } from '../flow-module';
import { PROCUREMENT_RULES } from '../procurement-rules';
import { openSqlitePurchaseOrderStore } from '../purchase-order-store';
import { SAMPLE_SUPPLIERS } from '../seed-suppliers';
import { purchaseOrderInput } from './fixtures';

const agents = new RulesProvider({ rules: PROCUREMENT_RULES });
const findSuppliers = (activities: Readonly<Record<string, unknown>>) => activities['findSuppliers'] as (input: unknown) => Promise<Supplier[]>;

describe('procurementFlowModule', () => {
  const dir = tempDirPerTest('procurement-module-');

  it('keeps suppliers and purchase orders in procurement.sqlite in the data folder, or where PROCUREMENT_DB_PATH says', () => {
    expect(procurementFlowModule.stores).toEqual([PROCUREMENT_STORE]);
    expect(procurementFlowModule.agentRules).toBe(PROCUREMENT_RULES);
    expect(Object.keys(PROCUREMENT_RULES)).toEqual(['extract_purchase_request', 'read_quote']);
    expect(flowStoreFile(PROCUREMENT_STORE, {}, '/srv/data')).toBe('/srv/data/procurement.sqlite');
    expect(flowStoreFile(PROCUREMENT_STORE, { PROCUREMENT_DB_PATH: '/srv/po/p.sqlite' }, '/srv/data')).toBe('/srv/po/p.sqlite');
  });

  it('opens on a SQLite file (folders created, samples seeded), builds its activities and shares its purchase orders', async () => {
    const file = join(dir(), 'elsewhere', 'po.sqlite');
    const opened = await procurementFlowModule.open({
      env: { PROCUREMENT_DB_PATH: file },
      database: { kind: 'sqlite', directory: dir() },
      agents,
      flows: flowConfig({ procurement: { maxSuppliers: 1 } }, [procurementFlowModule]),
    });
    try {
      expect(opened.description).toBe(`suppliers and purchase orders in ${file}`);
      expect(Object.keys(opened.activities).sort()).toEqual(['createPurchaseOrder', 'extractPurchaseRequest', 'findSuppliers', 'readQuote']);
      // The configured maximum applies when the call names none.
      await expect(findSuppliers(opened.activities)({ items: [{ name: 'monitor' }] })).resolves.toHaveLength(1);
      // What the flow ordered (another handle on the file, as the worker's flow did) is what the shared reader finds.
      const orders = openSqlitePurchaseOrderStore(file);
      const po = await orders.createPurchaseOrder(purchaseOrderInput());
      await orders.close();
      await expect(opened.shares?.purchaseOrders?.get(po.number)).resolves.toMatchObject({
        number: po.number,
        supplier: { id: 'northwind-it' },
        currency: 'EUR',
      });
      await expect(opened.shares?.purchaseOrders?.get('PO-2026-999999')).resolves.toBeUndefined();
    } finally {
      await opened.close();
    }
    expect(existsSync(join(dir(), 'procurement.sqlite'))).toBe(false);
  });

  it('stops the worker at start on a bad flow setting, naming it, when not given the flow configuration', async () => {
    await expect(
      procurementFlowModule.open({ env: { PROCUREMENT_MAX_SUPPLIERS: 'many' }, database: { kind: 'sqlite', directory: dir() }, agents }),
    ).rejects.toThrow('PROCUREMENT_MAX_SUPPLIERS');
  });

  describe('on PostgreSQL', () => {
    const databases = testDatabases('postgres');
    beforeAll(() => databases.start(), 120_000);
    afterAll(() => databases.stop(), 60_000);

    it('seeds the sample suppliers once, and finds them in the database', async () => {
      const url = await databases.fresh('procurement-seed');
      await migratePostgres(
        url,
        procurementFlowModule.stores!.map((s) => s.schema),
      );
      await expect(procurementFlowModule.seed!({ url, env: {} })).resolves.toEqual({ suppliers: SAMPLE_SUPPLIERS.length });
      await expect(procurementFlowModule.seed!({ url, env: {} })).resolves.toEqual({ suppliers: 0 });
      const opened = await procurementFlowModule.open({ env: {}, database: { kind: 'postgres', url }, agents });
      try {
        expect(opened.description).toBe('suppliers and purchase orders in the database');
        const found = await findSuppliers(opened.activities)({ items: [{ name: 'Laptops' }], max: 5 });
        expect(found.map((s) => s.id)).toContain('northwind-it');
        await expect(opened.shares?.purchaseOrders?.get('PO-2026-000001')).resolves.toBeUndefined();
      } finally {
        await opened.close();
      }
    }, 60_000);
  });
});
