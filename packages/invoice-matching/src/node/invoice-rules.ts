import type { RulesHandler } from '@org/orchestrator-agents';
import { readGoodsReceiptByRules } from './rules/read-goods-receipt-rules';
import { readInvoiceByRules } from './rules/read-invoice-rules';

/**
 * The invoice flow's rules by task name, for the offline provider:
 * `new RulesProvider({ rules: INVOICE_RULES })`.
 */
export const INVOICE_RULES: Readonly<Record<string, RulesHandler>> = {
  read_invoice: readInvoiceByRules,
  read_goods_receipt: readGoodsReceiptByRules,
};
