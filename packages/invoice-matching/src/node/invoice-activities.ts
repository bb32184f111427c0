import type { AgentCallUsage, AttachmentRef, EmailMessage, PurchaseOrderReader } from '@org/orchestrator-contracts';
import { emailMessageSchema } from '@org/orchestrator-contracts';
import type { AgentProvider, AgentTask } from '@org/orchestrator-agents';
import { runAgentTask } from '@org/orchestrator-agents';
import type { BlobStore } from '@org/orchestrator-blob-store';
import { z } from 'zod';
import { invoiceKey } from '../ids';
import type { BankDetails, GoodsReceipt, Invoice, PaymentRecord } from '../schema';
import { bankDetailsSchema, goodsReceiptSchema, invoiceSchema, paymentRecordSchema } from '../schema';
import type { MatchableOrder } from '../three-way-match';
import { nonRetryable, parseInput, requireDependency } from '@org/orchestrator-activities';
import { GoodsReceiptConflictError, InvalidInvoiceDataError, InvoicePaymentConflictError } from './errors';
import type { GoodsReceiptStore, RecordedGoodsReceipt } from './goods-receipt-store';
import type { InvoicePaymentStore, PaymentInput } from './invoice-payment-store';
import { readMessageDocuments } from './message-documents';
import type { ConfirmedBankAccount, SupplierBankAccountStore } from './supplier-bank-account-store';
import { readGoodsReceiptTask } from './tasks/read-goods-receipt';
import { readInvoiceTask } from './tasks/read-invoice';
import type { ReadInvoiceInput, ReadInvoiceOutput } from './tasks/read-invoice';

/** What the invoice activities work with; each is optional, and an activity missing one fails `ActivityNotConfigured`. */
export interface InvoiceDependencies {
  /** Reads invoices and receipts (a `RulesProvider` given the invoice rules, or a model). */
  agents?: AgentProvider;
  /** Where attachments' bytes are (the ingress put them there). */
  blobs?: Pick<BlobStore, 'get'>;
  receipts?: GoodsReceiptStore;
  payments?: InvoicePaymentStore;
  bankAccounts?: SupplierBankAccountStore;
  /** Procurement's purchase orders (the procurement flow module shares its store; any `PurchaseOrderReader` will do). */
  purchaseOrders?: PurchaseOrderReader;
}

/** Result of `readInvoice`: the invoice if everything required was read, else null, and why. */
export interface ReadInvoiceResult {
  invoice: Invoice | null;
  problems: string[];
  usage: AgentCallUsage;
}

/** Result of `readGoodsReceipt`. */
export interface ReadGoodsReceiptResult {
  receipt: GoodsReceipt | null;
  problems: string[];
  usage: AgentCallUsage;
}

/** What the workflow needs to match an invoice, from the stores. */
export interface InvoiceMatchInputs {
  /** The purchase order the invoice names (what the match reads of it), or null when there is none. */
  order: MatchableOrder | null;
  receipts: GoodsReceipt[];
  /** The supplier's confirmed bank details, or null. */
  knownBankDetails: BankDetails | null;
  /** The payment already made for this invoice (a duplicate), or null. */
  existingPayment: PaymentRecord | null;
  /**
   * What the order's other, paid invoices billed: pass it to `matchInvoice(…, { alreadyBilled })`
   * so the same goods cannot be billed twice under two invoice numbers.
   */
  alreadyBilled: { item: string; quantity: number }[];
  /** The order's supplier (the one who may invoice it), or null without an order. */
  supplierId: string | null;
  /**
   * Whether the invoice came from the order's supplier address. When false, `matchInvoice(…,
   * { senderAddress })` reports a `supplier` discrepancy: the invoice may be forged.
   */
  senderIsSupplier: boolean;
}

const messageSchema = z.object({ message: emailMessageSchema });
const invoiceInputSchema = z.object({ invoice: invoiceSchema, supplierAddress: z.string().trim().min(3).max(320) });
const recordReceiptSchema = z.object({ receipt: goodsReceiptSchema, sourceMessageId: z.string().trim().min(1).max(998) });
const paymentInputSchema = paymentRecordSchema.omit({ paymentId: true, paidAt: true });
/** A schema issue as a problem a person reads: `dueDate: not found` rather than zod's wording for undefined. */
function problemOf(issue: z.core.$ZodIssue, what: string): string {
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  return `${issue.path.join('.') || what}: ${missing ? 'not found' : issue.message}`;
}

const confirmSchema = z.object({
  supplierId: z.string().trim().min(1).max(100),
  bankDetails: bankDetailsSchema,
  confirmedBy: z.string().trim().min(1).max(320),
});

/** The agent's fields as an `Invoice` when every required one was read; else null, with each missing field named. */
function toInvoice(output: ReadInvoiceOutput, problems: string[]): Invoice | null {
  const candidate = {
    invoiceNumber: output.invoiceNumber ?? undefined,
    poNumber: output.poNumber ?? undefined,
    supplierName: output.supplierName ?? undefined,
    lines: output.lines,
    subtotal: output.subtotal ?? undefined,
    // An invoice without a tax line (a reverse-charge or tax-free one) taxes the difference, often 0.
    tax: output.tax ?? (output.subtotal !== null && output.total !== null ? Math.round((output.total - output.subtotal) * 100) / 100 : undefined),
    total: output.total ?? undefined,
    currency: output.currency ?? undefined,
    issueDate: output.issueDate ?? undefined,
    dueDate: output.dueDate ?? undefined,
    bankDetails: output.bankDetails
      ? { iban: output.bankDetails.iban, bic: output.bankDetails.bic ?? undefined, accountName: output.bankDetails.accountName ?? undefined }
      : undefined,
  };
  const parsed = invoiceSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues.slice(0, 10)) problems.push(problemOf(issue, 'invoice'));
  return null;
}

/**
 * The activities of the supplier invoice flow: plain async functions for a Temporal worker.
 * Invalid input fails `InvalidActivityInput`, a missing dependency `ActivityNotConfigured`, a
 * store's refusal its own code (`GoodsReceiptConflict`, `InvoicePaymentConflict`): all non-retryable.
 */
export function createInvoiceActivities(deps: InvoiceDependencies) {
  async function readDocuments(activity: string, message: EmailMessage, problems: string[]) {
    const pdfs = message.attachments.filter(isPdf);
    if (pdfs.length === 0) return [];
    const blobs = requireDependency(activity, 'blob store', deps.blobs);
    return readMessageDocuments(blobs, pdfs, problems);
  }

  /**
   * One agent task over an email: its body and the text of its PDF attachments. The problems found
   * while reading the documents come first, then the agent's own.
   */
  async function readMessage<O extends { problems: string[] }>(activity: string, task: AgentTask<ReadInvoiceInput, O>, input: { message: EmailMessage }) {
    const { message } = parseInput(activity, messageSchema, input);
    const agents = requireDependency(activity, 'agent provider', deps.agents);
    const problems: string[] = [];
    const documents = await readDocuments(activity, message, problems);
    const { output, usage } = await runAgentTask(agents, task, {
      subject: message.subject,
      text: message.text,
      from: message.from,
      receivedAt: message.receivedAt,
      documents,
    });
    problems.push(...output.problems);
    return { output, usage, problems };
  }

  return {
    /** Reads a supplier's invoice from the email body and the text of its PDF attachments. */
    async readInvoice(input: { message: EmailMessage }): Promise<ReadInvoiceResult> {
      const { output, usage, problems } = await readMessage('readInvoice', readInvoiceTask, input);
      const invoice = toInvoice(output, problems);
      return { invoice, problems: reported(problems), usage };
    },

    /** Reads a warehouse's goods receipt from the email (and any PDF delivery note). */
    async readGoodsReceipt(input: { message: EmailMessage }): Promise<ReadGoodsReceiptResult> {
      const { output, usage, problems } = await readMessage('readGoodsReceipt', readGoodsReceiptTask, input);
      const parsed = goodsReceiptSchema.safeParse({
        ...output,
        receiptId: output.receiptId ?? undefined,
        poNumber: output.poNumber ?? undefined,
        receivedAt: output.receivedAt ?? undefined,
      });
      if (!parsed.success) for (const issue of parsed.error.issues.slice(0, 10)) problems.push(problemOf(issue, 'receipt'));
      return { receipt: parsed.success ? parsed.data : null, problems: reported(problems), usage };
    },

    /** Records a goods receipt once (a replayed message records nothing new); a changed receipt under a known id fails `GoodsReceiptConflict`. */
    async recordGoodsReceipt(input: { receipt: GoodsReceipt; sourceMessageId: string }): Promise<RecordedGoodsReceipt> {
      const { receipt, sourceMessageId } = parseInput('recordGoodsReceipt', recordReceiptSchema, input);
      const receipts = requireDependency('recordGoodsReceipt', 'goods receipt store', deps.receipts);
      return storeCall(
        () => receipts.record(receipt, sourceMessageId),
        (e) => (e instanceof GoodsReceiptConflictError ? { receiptId: e.receiptId } : undefined),
      );
    },

    /**
     * The purchase order the invoice names, its receipts, the supplier's confirmed bank details and
     * any payment already made for this invoice. The supplier is the order's; `supplierAddress` (the
     * invoice email's sender) is compared with the supplier's address.
     */
    async loadInvoiceMatchInputs(input: { invoice: Invoice; supplierAddress: string }): Promise<InvoiceMatchInputs> {
      const { invoice, supplierAddress } = parseInput('loadInvoiceMatchInputs', invoiceInputSchema, input);
      const orders = requireDependency('loadInvoiceMatchInputs', 'purchase order store', deps.purchaseOrders);
      const receipts = requireDependency('loadInvoiceMatchInputs', 'goods receipt store', deps.receipts);
      const payments = requireDependency('loadInvoiceMatchInputs', 'invoice payment store', deps.payments);
      const bankAccounts = requireDependency('loadInvoiceMatchInputs', 'supplier bank account store', deps.bankAccounts);
      const order = await orders.get(invoice.poNumber.trim().toUpperCase());
      if (!order)
        return { order: null, receipts: [], knownBankDetails: null, existingPayment: null, alreadyBilled: [], supplierId: null, senderIsSupplier: false };
      const supplierId = order.supplier.id;
      const key = invoiceKey(supplierId, invoice.invoiceNumber);
      const [received, account, existing, orderPayments] = await Promise.all([
        receipts.forOrder(order.number),
        bankAccounts.get(supplierId),
        payments.findByInvoice(key),
        payments.forOrder(order.number),
      ]);
      return {
        order: {
          number: order.number,
          supplier: { id: order.supplier.id, name: order.supplier.name, email: order.supplier.email },
          lines: order.lines.map((l) => ({ item: l.item, quantity: l.quantity, unitPrice: l.unitPrice })),
          total: order.total,
          currency: order.currency,
        },
        receipts: received,
        knownBankDetails: account?.bankDetails ?? null,
        existingPayment: existing ?? null,
        alreadyBilled: orderPayments.filter((p) => p.invoiceKey !== key).flatMap((p) => p.billed ?? []),
        supplierId,
        senderIsSupplier: order.supplier.email.trim().toLowerCase() === supplierAddress.toLowerCase(),
      };
    },

    /** Records the payment of an invoice: once per invoice key, so a retry or a duplicate invoice gets the same record. */
    async recordInvoicePayment(input: PaymentInput): Promise<PaymentRecord> {
      const payment = parseInput('recordInvoicePayment', paymentInputSchema, input);
      const payments = requireDependency('recordInvoicePayment', 'invoice payment store', deps.payments);
      return storeCall(
        () => payments.recordPayment(payment),
        (e) => (e instanceof InvoicePaymentConflictError ? { invoiceKey: e.invoiceKey, paymentId: e.paymentId } : undefined),
      );
    },

    /** Confirms a supplier's bank details after a person checked them out of band. */
    async confirmSupplierBankDetails(input: { supplierId: string; bankDetails: BankDetails; confirmedBy: string }): Promise<ConfirmedBankAccount> {
      const { supplierId, bankDetails, confirmedBy } = parseInput('confirmSupplierBankDetails', confirmSchema, input);
      const bankAccounts = requireDependency('confirmSupplierBankDetails', 'supplier bank account store', deps.bankAccounts);
      return storeCall(() => bankAccounts.confirm(supplierId, bankDetails, confirmedBy));
    },
  };
}

/** The type a workflow proxies (`proxyActivities<InvoiceActivities>`). */
export type InvoiceActivities = ReturnType<typeof createInvoiceActivities>;

/** The problems a read reports: each once, at most 30. */
function reported(problems: readonly string[]): string[] {
  return [...new Set(problems)].slice(0, 30);
}

function isPdf(attachment: AttachmentRef): boolean {
  return attachment.contentType.toLowerCase().startsWith('application/pdf') || /\.pdf$/i.test(attachment.filename);
}

/** Runs a store call, turning its typed refusals into non-retryable failures. */
async function storeCall<T>(call: () => Promise<T>, details: (error: Error) => unknown = () => undefined): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GoodsReceiptConflictError || error instanceof InvoicePaymentConflictError || error instanceof InvalidInvoiceDataError) {
      throw nonRetryable(error, details(error));
    }
    throw error;
  }
}
