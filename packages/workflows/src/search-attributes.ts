import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { defineSearchAttributeKey } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import { SEARCH_ATTRIBUTES } from '@org/orchestrator-contracts';

const keys = {
  flow: defineSearchAttributeKey(SEARCH_ATTRIBUTES.flow, 'KEYWORD'),
  status: defineSearchAttributeKey(SEARCH_ATTRIBUTES.status, 'KEYWORD'),
  amount: defineSearchAttributeKey(SEARCH_ATTRIBUTES.amount, 'DOUBLE'),
  requester: defineSearchAttributeKey(SEARCH_ATTRIBUTES.requester, 'KEYWORD'),
  escalated: defineSearchAttributeKey(SEARCH_ATTRIBUTES.escalated, 'BOOL'),
  slaBreached: defineSearchAttributeKey(SEARCH_ATTRIBUTES.slaBreached, 'BOOL'),
};

/** Values a flow publishes so `temporal workflow list --query` finds its threads. */
export interface ThreadSearchAttributes {
  flow?: string;
  status?: string;
  amount?: number;
  requester?: string;
  escalated?: boolean;
  slaBreached?: boolean;
}

/**
 * Upserts the thread's search attributes. `enabled` comes from the worker's flow configuration:
 * a server without the attributes registered (the time-skipping test server cannot register any)
 * would fail the workflow task on every upsert.
 */
export function upsertThreadAttributes(enabled: boolean, values: ThreadSearchAttributes): void {
  if (!enabled) return;
  const pairs: SearchAttributeUpdatePair[] = [];
  for (const [name, value] of Object.entries(values) as [keyof ThreadSearchAttributes, ThreadSearchAttributes[keyof ThreadSearchAttributes]][]) {
    if (value === undefined) continue;
    pairs.push({ key: keys[name], value } as SearchAttributeUpdatePair);
  }
  if (pairs.length > 0) upsertSearchAttributes(pairs);
}
