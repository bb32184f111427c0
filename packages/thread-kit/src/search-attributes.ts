import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { defineSearchAttributeKey } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import type { FlowConfig } from '@org/orchestrator-activities';
import { SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTE_TYPES } from '@org/orchestrator-contracts';

/** The typed key of each attribute, from the contracts' names and types (one list for all). */
const key = (name: keyof typeof SEARCH_ATTRIBUTES) => defineSearchAttributeKey(SEARCH_ATTRIBUTES[name], SEARCH_ATTRIBUTE_TYPES[SEARCH_ATTRIBUTES[name]]);

/** Values a flow publishes so `temporal workflow list --query` finds its threads. */
export interface ThreadSearchAttributes {
  flow?: string;
  status?: string;
  amount?: number;
  requester?: string;
  escalated?: boolean;
  slaBreached?: boolean;
}

/** What of the flow configuration decides which attributes a thread publishes, and how. */
export type ThreadAttributeSettings = Pick<FlowConfig, 'searchAttributes' | 'requesterAttribute' | 'requesterAttributeKey'>;

/**
 * The requester's address as `OrchestratorRequester` shows it: as is (`plain`, and configurations
 * recorded before the setting existed), HMAC-SHA256 under the deployment's key as 64 hex digits
 * (`hashed`: searchable by who holds the key, see `requesterAttributeValue` in the activities
 * package), or nothing (`off`). Decided by the configuration recorded in the thread's history, so
 * a replay publishes what the run published: no `patched()` needed.
 */
export function requesterAttribute(settings: ThreadAttributeSettings, address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const mode = settings.requesterAttribute ?? 'plain';
  if (mode === 'off') return undefined;
  if (mode === 'plain') return address;
  if (!settings.requesterAttributeKey) return undefined; // never fall back to the plain address
  return bytesToHex(hmac(sha256, hexToBytes(settings.requesterAttributeKey), utf8ToBytes(address.trim().toLowerCase())));
}

/**
 * Upserts the thread's search attributes. `settings` come from the worker's flow configuration:
 * a server without the attributes registered (the time-skipping test server cannot register any)
 * would fail the workflow task on every upsert; the requester is published per {@link requesterAttribute}.
 */
export function upsertThreadAttributes(settings: ThreadAttributeSettings, values: ThreadSearchAttributes): void {
  if (!settings.searchAttributes) return;
  const published: ThreadSearchAttributes = { ...values, requester: requesterAttribute(settings, values.requester) };
  const pairs: SearchAttributeUpdatePair[] = [];
  for (const [name, value] of Object.entries(published) as [keyof ThreadSearchAttributes, ThreadSearchAttributes[keyof ThreadSearchAttributes]][]) {
    if (value === undefined) continue;
    pairs.push({ key: key(name), value } as SearchAttributeUpdatePair);
  }
  if (pairs.length > 0) upsertSearchAttributes(pairs);
}
