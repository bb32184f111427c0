import type { QuoteComparison, QuoteComparisonRequest } from '../compare-quotes';
import { compareQuotes } from '../compare-quotes';
import type { ReceivedQuote } from '@org/orchestrator-contracts';

/**
 * `compareQuotes` as a workflow function, so the procurement flow runs it through
 * `executeWorkflow(..., { asChild: false })`: inline today (pure and fast, no child needed), a
 * child workflow by flipping one option should comparing ever need its own history.
 */
export async function compareQuotesInline(quotes: ReceivedQuote[], request: QuoteComparisonRequest): Promise<QuoteComparison> {
  return compareQuotes(quotes, request);
}
