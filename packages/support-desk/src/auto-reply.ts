import type { AutoReplyPolicy } from '@org/orchestrator-contracts';
import type { Sentiment, SupportIntent } from './types';
import { foldText, wordMatcher } from './text';

/**
 * Words that mean a lawyer, a court, a regulator or the bank may get involved: such threads always
 * go to a human. English plus common German, French and Spanish equivalents; matched as whole words
 * after folding case and diacritics (a trailing plural `s` is allowed).
 */
export const DEFAULT_LEGAL_TERMS: readonly string[] = [
  // English
  'lawyer',
  'attorney',
  'solicitor',
  'lawsuit',
  'sue',
  'sued',
  'suing',
  'legal action',
  'legal proceedings',
  'litigation',
  'court',
  'small claims',
  'GDPR request',
  'GDPR',
  'data subject access request',
  'DSAR',
  'chargeback',
  'charge back',
  'ombudsman',
  'trading standards',
  'consumer protection',
  // German
  'Anwalt',
  'Anwälte',
  'Anwältin',
  'Rechtsanwalt',
  'Rechtsanwältin',
  'Klage',
  'verklagen',
  'Gericht',
  'rechtliche Schritte',
  'DSGVO',
  'Verbraucherzentrale',
  'Rückbuchung',
  // French
  'avocat',
  'avocate',
  'tribunal',
  'action en justice',
  'poursuites',
  'mise en demeure',
  'RGPD',
  'rétrofacturation',
  // Spanish
  'abogado',
  'abogada',
  'demanda',
  'tribunales',
];

/** What the support flow knows when deciding whether a draft may go out without a human. */
export interface AutoReplyInput {
  intent: SupportIntent;
  sentiment: Sentiment;
  /** The draft's confidence, 0..1. */
  confidence: number;
  /** Amount the customer asks back, when the thread is about a refund. */
  refundAmount?: number;
  /** ISO 4217 code of `refundAmount`; the policy's currency when omitted. */
  currency?: string;
  /** The customer's message (subject and body): scanned for legal terms, never obeyed. */
  text: string;
}

/** Machine-readable cause of a refusal. */
export type AutoReplyRefusalCode =
  'complaint-negative' | 'refund-above-limit' | 'refund-currency-mismatch' | 'refund-amount-invalid' | 'legal-term' | 'low-confidence';

/** One reason not to reply automatically. */
export interface AutoReplyRefusal {
  code: AutoReplyRefusalCode;
  message: string;
}

/** Result of {@link autoReplyDecision}. */
export interface AutoReplyDecision {
  allowed: boolean;
  /** One human-readable sentence per refusal; empty when allowed. */
  reasons: string[];
  /** The same refusals with codes, in the same order. */
  refusals: AutoReplyRefusal[];
  /** True when a refund must be approved by a human before anyone promises it. */
  needsRefundApproval: boolean;
}

function money(amount: number, currency: string): string {
  return `${currency} ${amount.toFixed(2)}`;
}

/**
 * Decides whether a drafted answer may be sent without a human. Pure and deterministic (safe in
 * workflow code). The customer's text is only scanned for legal terms: nothing in it can turn a
 * refusal into an approval, so instructions planted in an email cannot change the outcome.
 * @example
 * const decision = autoReplyDecision(
 *   { intent: 'refund-return', sentiment: 'neutral', confidence: 0.9, refundAmount: 250, currency: 'EUR', text },
 *   { minConfidence: 0.7, refundLimit: 100, currency: 'EUR' },
 * );
 * // decision.allowed === false, decision.needsRefundApproval === true
 */
export function autoReplyDecision(input: AutoReplyInput, policy: AutoReplyPolicy): AutoReplyDecision {
  const refusals: AutoReplyRefusal[] = [];
  let needsRefundApproval = false;

  if (input.intent === 'complaint' && input.sentiment === 'negative') {
    refusals.push({ code: 'complaint-negative', message: 'complaint with negative sentiment needs a human' });
  }

  if (input.refundAmount !== undefined) {
    const currency = (input.currency ?? policy.currency).toUpperCase();
    const amount = input.refundAmount;
    if (!Number.isFinite(amount) || amount < 0) {
      needsRefundApproval = true;
      refusals.push({ code: 'refund-amount-invalid', message: `refund amount ${String(amount)} is not a valid amount` });
    } else if (currency !== policy.currency.toUpperCase()) {
      // No exchange rates in a pure function: a human compares.
      needsRefundApproval = true;
      refusals.push({
        code: 'refund-currency-mismatch',
        message: `refund of ${money(amount, currency)} cannot be compared with the limit of ${money(policy.refundLimit, policy.currency)}`,
      });
    } else if (amount > policy.refundLimit) {
      needsRefundApproval = true;
      refusals.push({
        code: 'refund-above-limit',
        message: `refund of ${money(amount, currency)} is above the limit of ${money(policy.refundLimit, policy.currency)}`,
      });
    }
  }

  for (const term of findLegalTerms(input.text, policy.legalTerms ?? DEFAULT_LEGAL_TERMS)) {
    refusals.push({ code: 'legal-term', message: `mentions "${term}"` });
  }

  // NaN fails `>=`, so a missing or garbled confidence refuses too.
  if (!(input.confidence >= policy.minConfidence)) {
    refusals.push({
      code: 'low-confidence',
      message: `confidence ${String(input.confidence)} is below the minimum of ${policy.minConfidence}`,
    });
  }

  return {
    allowed: refusals.length === 0,
    reasons: refusals.map((r) => r.message),
    refusals,
    needsRefundApproval,
  };
}

/** The legal terms (as configured) that occur in `text`, each once, in list order. */
export function findLegalTerms(text: string, terms: readonly string[] = DEFAULT_LEGAL_TERMS): string[] {
  const folded = foldText(text);
  return terms.filter((term) => term.trim() !== '' && wordMatcher(term).test(folded));
}
