import type { DecisionLinks } from '@org/orchestrator-thread-kit';
import { decisionLinkText } from '@org/orchestrator-thread-kit';

/** Why an invoice thread waits for a person. */
export type InvoiceHold = 'unauthenticated' | 'not-warehouse' | 'unreadable' | 'no-bank-details' | 'billed-meanwhile' | 'no-order';

/** What the escalation notice says about a held thread. */
export const HOLD_DETAIL: Record<InvoiceHold, string> = {
  unauthenticated:
    'The message does not prove it came from its sender (no DMARC-aligned authentication and no trusted relay). Nothing was recorded, paid or sent.',
  'not-warehouse':
    'A goods receipt came from an address that is not the warehouse (INVOICE_WAREHOUSE_SENDERS, INVOICE_WAREHOUSE_DOMAINS). Nothing was recorded.',
  unreadable: 'The document could not be read completely. Nothing was recorded, paid or sent.',
  'no-bank-details': 'The bank details were approved, but the invoice gives none to pay to. Nothing was paid.',
  'no-order':
    'The buyer approved an invoice whose purchase order we cannot find, so there is no supplier on record to pay. Nothing was paid: pay it by hand if it is due.',
  'billed-meanwhile':
    'On the due date the invoice no longer matches: other invoices of the same order were paid while it waited (the same goods billed twice?). Nothing was paid.',
};

/** The lines that let an approver decide from the email: one-click links, then the command line. */
export function approvalFooter(threadId: string, links: DecisionLinks): string {
  return (
    decisionLinkText(links) +
    `Approve:  orchestrator approve ${threadId} --as <your address>\n` +
    `Reject:   orchestrator reject ${threadId} --as <your address> --comment "why"`
  );
}
