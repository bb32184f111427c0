import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defineSearchAttributeKey } from '@temporalio/common';
import type { RequesterAttributeMode } from '@org/orchestrator-activities';
import { requesterAttributeValue } from '@org/orchestrator-activities';
import { SEARCH_ATTRIBUTES, threadWorkflowId } from '@org/orchestrator-contracts';
import { deliverEmail } from '@org/orchestrator-contracts/client';
import { createLocalTestEnv } from '@org/orchestrator-testing';
import { requesterAttribute } from '@org/orchestrator-thread-kit';
import { REQUEST_TEXT, TRUSTED_REQUESTERS, dated, email, uniqueId } from './flow-fixtures';
import { flowSuite } from './flow-suite';
import { maybeRecordHistory } from './thread-harness';

// FLOW_REQUESTER_ATTRIBUTE against a real dev server: what OrchestratorRequester holds for a
// procurement thread (the flow publishes the requester with its first step).
const ID_SECRET = randomBytes(32);
const REQUESTER_ADDRESS = 'alice@example.com';
const keys = {
  requester: defineSearchAttributeKey(SEARCH_ATTRIBUTES.requester, 'KEYWORD'),
  flow: defineSearchAttributeKey(SEARCH_ATTRIBUTES.flow, 'KEYWORD'),
};

const { env, threadWorker } = flowSuite({ createEnv: createLocalTestEnv });

/** Runs a procurement thread until the flow published its attributes; returns what the server indexed. */
async function publishedAttributes(mode: RequesterAttributeMode) {
  // The supplier directory fails for good: the thread stops at its first step, attributes published.
  const faults = {
    findSuppliers: () => ApplicationFailure.create({ type: 'ActivityNotConfigured', message: 'no directory in this test', nonRetryable: true }),
  };
  const harness = await threadWorker({
    flows: { ...TRUSTED_REQUESTERS, requesterAttribute: mode },
    faults,
    idSecret: ID_SECRET,
    searchAttributes: true,
  });
  const threadId = uniqueId(`requester-${mode}`);
  try {
    return await harness.worker.runUntil(async () => {
      await deliverEmail(env.client, email(threadId, { text: dated(REQUEST_TEXT, Date.now()) }), { taskQueue: harness.taskQueue });
      for (let i = 0; i < 200; i++) {
        const { typedSearchAttributes } = await env.client.workflow.getHandle(threadWorkflowId(threadId)).describe();
        if (typedSearchAttributes.get(keys.flow) === 'procurement') {
          await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, `procurement-requester-${mode}`);
          return { requester: typedSearchAttributes.get(keys.requester) };
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the thread published no attributes');
    });
  } finally {
    await harness.dispose();
  }
}

describe('the requester search attribute (FLOW_REQUESTER_ATTRIBUTE)', () => {
  it('hashed: holds the keyed hash an operator computes from the address, never the address', async () => {
    const { requester } = await publishedAttributes('hashed');
    expect(requester).toBe(requesterAttributeValue(REQUESTER_ADDRESS, ID_SECRET));
    expect(requester).toMatch(/^[0-9a-f]{64}$/);
    // Case and spaces do not split one requester's threads.
    expect(requesterAttributeValue(' Alice@Example.COM ', ID_SECRET)).toBe(requester);
    // Another deployment's secret gives another value: a guessed address cannot be tested without it.
    expect(requesterAttributeValue(REQUESTER_ADDRESS, randomBytes(32))).not.toBe(requester);
  }, 90_000);

  it('off: publishes the other attributes but no requester', async () => {
    expect(await publishedAttributes('off')).toEqual({ requester: undefined });
  }, 90_000);

  it('never falls back to the address: hashed without a key publishes nothing, a configuration from before the setting publishes it as is', () => {
    expect(requesterAttribute({ searchAttributes: true, requesterAttribute: 'hashed' }, REQUESTER_ADDRESS)).toBeUndefined();
    expect(requesterAttribute({ searchAttributes: true }, REQUESTER_ADDRESS)).toBe(REQUESTER_ADDRESS);
  });
});
