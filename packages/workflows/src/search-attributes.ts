import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { defineSearchAttributeKey } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import { SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTE_TYPES } from '@org/orchestrator-contracts';

/** The typed key of each attribute, from the contracts' names and types (one list for all). */
const key = (name: keyof typeof SEARCH_ATTRIBUTES) =>
  defineSearchAttributeKey(SEARCH_ATTRIBUTES[name], SEARCH_ATTRIBUTE_TYPES[SEARCH_ATTRIBUTES[name]]);

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
    pairs.push({ key: key(name), value } as SearchAttributeUpdatePair);
  }
  if (pairs.length > 0) upsertSearchAttributes(pairs);
}
