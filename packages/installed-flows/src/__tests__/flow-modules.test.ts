import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowModule } from '@org/orchestrator-activities';
import { RulesProvider } from '@org/orchestrator-agents';
import { INVOICE_RULES } from '@org/orchestrator-invoice-matching/node';
import { INVOICE_MATCHING_SCHEMA } from '@org/orchestrator-invoice-matching/node';
import { PROCUREMENT_RULES, PROCUREMENT_STORE } from '@org/orchestrator-procurement/node';
import { BUNDLED_KNOWLEDGE_BASE_DIR, KNOWLEDGE_INDEX_STORE, SUPPORT_DESK_STORE, SUPPORT_RULES } from '@org/orchestrator-support-desk/node';
import { FLOW_MODULES, MissingRequiredFlowError, checkRequiredFlows, flowAgentRules, flowStores, openFlowModules } from '../flow-modules';

describe('the installed flow modules', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flow-modules-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const dependencies = () => ({ env: {}, database: { kind: 'sqlite' as const, directory: dir }, agents: new RulesProvider({ rules: flowAgentRules() }) });

  it('installs the procurement, support and invoice flows: their rules for the rules provider, their activities on the worker’s database', async () => {
    expect(FLOW_MODULES.map((m) => m.name)).toEqual(['procurement', 'support', 'invoice']);
    expect(flowAgentRules()).toEqual({ ...PROCUREMENT_RULES, ...SUPPORT_RULES, ...INVOICE_RULES });
    expect(flowStores()).toEqual([
      PROCUREMENT_STORE,
      SUPPORT_DESK_STORE,
      KNOWLEDGE_INDEX_STORE,
      { schema: INVOICE_MATCHING_SCHEMA, sqliteFile: 'invoices.sqlite' },
    ]);
    const opened = await openFlowModules(FLOW_MODULES, dependencies(), { sendEmail: () => undefined });
    try {
      expect(Object.keys(opened.activities).sort()).toEqual([
        'closeSupportTicket',
        'confirmSupplierBankDetails',
        'createPurchaseOrder',
        'draftSupportAnswer',
        'extractPurchaseRequest',
        'findSuppliers',
        'loadInvoiceMatchInputs',
        'loadInvoicePolicy',
        'lookupSupportFacts',
        'openSupportTicket',
        'readGoodsReceipt',
        'readInvoice',
        'readQuote',
        'recordGoodsReceipt',
        'recordInvoicePayment',
      ]);
      expect(opened.descriptions).toEqual([
        `suppliers and purchase orders in ${join(dir, 'procurement.sqlite')}`,
        `support desk in ${join(dir, 'support.sqlite')}; knowledge base: ${BUNDLED_KNOWLEDGE_BASE_DIR}`,
        `invoices in ${join(dir, 'invoices.sqlite')}`,
      ]);
    } finally {
      await opened.close();
    }
  });

  it('hands what a module shares (procurement’s purchase orders) to the modules after it, not before', async () => {
    const seen: Record<string, unknown> = {};
    const module = (name: string, shares?: Record<string, unknown>): FlowModule => ({
      name: 'invoice',
      async open(given) {
        seen[name] = given.purchaseOrders;
        return { activities: {}, description: name, ...(shares ? { shares } : {}), close: async () => undefined };
      },
    });
    const purchaseOrders = { get: async () => undefined };
    const opened = await openFlowModules([module('before'), module('lender', { purchaseOrders }), module('after')], dependencies(), {});
    await opened.close();
    expect(seen).toEqual({ before: undefined, lender: undefined, after: purchaseOrders });
  });

  it('refuses a module whose activity would replace another, and closes what it opened', async () => {
    const closed: string[] = [];
    const module = (name: string, activity: string): FlowModule => ({
      name: 'invoice',
      async open() {
        return { activities: { [activity]: async () => undefined }, description: name, close: async () => void closed.push(name) };
      },
    });
    await expect(openFlowModules([module('a', 'sendEmail')], dependencies(), { sendEmail: () => undefined })).rejects.toThrow(
      'flow invoice: activity sendEmail is registered already',
    );
    await expect(openFlowModules([module('b', 'x'), module('c', 'x')], dependencies(), {})).rejects.toThrow('activity x is registered already');
    expect(closed.sort()).toEqual(['a', 'b', 'c']);
  });

  it('stops the worker at start on a bad invoice setting, naming it', async () => {
    await expect(openFlowModules(FLOW_MODULES, { ...dependencies(), env: { INVOICE_TOLERANCE_PERCENT: 'lots' } }, {})).rejects.toThrow(
      'INVOICE_TOLERANCE_PERCENT',
    );
  });

  it('refuses to open a flow without the flows it requires, installed before it', async () => {
    const [procurement, support, invoice] = FLOW_MODULES as [FlowModule, FlowModule, FlowModule];
    expect(invoice.requires).toEqual(['procurement']);
    expect(() => checkRequiredFlows(FLOW_MODULES)).not.toThrow();
    for (const modules of [
      [support, invoice],
      [invoice, procurement],
    ]) {
      await expect(openFlowModules(modules, dependencies(), {})).rejects.toThrow(new MissingRequiredFlowError('invoice', 'procurement'));
    }
    expect(() => checkRequiredFlows([support, invoice])).toThrow(
      expect.objectContaining({ code: 'FlowNotInstalled', flow: 'invoice', required: 'procurement' }),
    );
  });
});
