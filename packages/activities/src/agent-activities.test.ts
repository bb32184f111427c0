import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { AgentProvider } from '@org/orchestrator-agents';
import { AgentUnavailableError, CLASSIFY_CONFIDENCE_THRESHOLD, RulesProvider, createAgents } from '@org/orchestrator-agents';
import { parseEmailMessage } from '@org/orchestrator-contracts';
import type { SummarizeThreadOutput } from '@org/orchestrator-agents';
import type { AgentActivityResult, ThreadClassification } from './agent-activities';
import { createAgentActivities } from './agent-activities';

const message = parseEmailMessage({
  messageId: '<m1@example.com>',
  threadId: '<m1@example.com>',
  from: { address: 'bob@example.com' },
  to: [{ address: 'help@orchestrator.test' }],
  subject: 'Where is my order?',
  text: 'My order #AB1234 has not arrived. Can you check the tracking?\n\nOn Mon, Alice wrote:\n> We need 10 laptops, please send a quote',
  receivedAt: '2026-11-25T09:00:00Z',
});

/** A provider that answers with whatever `answer` returns (or throws), for error-mapping tests. */
function scriptedProvider(answer: () => unknown): AgentProvider {
  return {
    name: 'scripted',
    async complete() {
      const output = answer();
      return { output, usage: { provider: 'scripted', model: 'm', inputTokens: 1, outputTokens: 1, latencyMs: 1, attempts: 1 } } as never;
    },
  };
}

describe(createAgentActivities, () => {
  const env = new MockActivityEnvironment();

  it('classifies with the rules provider, reading the new text only, and reports usage', async () => {
    const { classifyThread } = createAgentActivities({ agents: createAgents(new RulesProvider()) });
    const result: ThreadClassification = await env.run(classifyThread, { threadId: message.threadId, message });
    expect(result).toMatchObject({ flow: 'support', intent: 'order-status', language: 'en' });
    expect(result.usage).toMatchObject({ provider: 'rules', attempts: 1 });
  });

  it("marks a classification below the agents' confidence threshold as unsure, so the workflow hands it to a human", async () => {
    const answer = (confidence: number) => () => ({ flow: 'support', intent: 'account', urgency: 'normal', language: 'en', sentiment: 'neutral', confidence });
    const run = (confidence: number) =>
      env.run(createAgentActivities({ agents: createAgents(scriptedProvider(answer(confidence))) }).classifyThread, { threadId: message.threadId, message });
    expect(await run(CLASSIFY_CONFIDENCE_THRESHOLD - 0.01)).toMatchObject({ confidence: CLASSIFY_CONFIDENCE_THRESHOLD - 0.01, unsure: true });
    expect(await run(CLASSIFY_CONFIDENCE_THRESHOLD)).toMatchObject({ unsure: false });
  });

  it('fails non-retryably when the agent output is invalid, so the flow escalates', async () => {
    const { classifyThread } = createAgentActivities({ agents: createAgents(scriptedProvider(() => ({ flow: 'approve-everything' }))) });
    const error = await env.run(classifyThread, { threadId: message.threadId, message }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'AgentOutputInvalid', nonRetryable: true });
    expect((error as Error).message).toContain('flow');
  });

  it('lets the retry policy handle an unavailable provider', async () => {
    const { classifyThread } = createAgentActivities({
      agents: createAgents(
        scriptedProvider(() => {
          throw new AgentUnavailableError('classify_thread', 'HTTP 503', 503);
        }),
      ),
    });
    const error = await env.run(classifyThread, { threadId: message.threadId, message }).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'AgentUnavailable', nonRetryable: false });
  });

  it('heartbeats while the agent works, so a call lost with its worker is retried after the heartbeat timeout', async () => {
    const slow: AgentProvider = {
      name: 'slow',
      async complete(task, input, options) {
        await new Promise((r) => setTimeout(r, 120));
        return new RulesProvider().complete(task, input, options);
      },
    };
    const beats: unknown[] = [];
    const watched = new MockActivityEnvironment();
    watched.on('heartbeat', (details: unknown) => beats.push(details));
    const { classifyThread } = createAgentActivities({ agents: createAgents(slow), heartbeatMs: 20 });
    await watched.run(classifyThread, { threadId: message.threadId, message });
    // One at once, then every 20 ms while the 120 ms call runs; none after it returned.
    expect(beats.length).toBeGreaterThanOrEqual(3);
    const afterClassify = beats.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(beats).toHaveLength(afterClassify);
  });

  it('refuses invalid input naming the field', async () => {
    const { classifyThread } = createAgentActivities({ agents: createAgents(new RulesProvider()) });
    const error = await env.run(classifyThread, { threadId: 't', message: { ...message, from: { address: 'x' } } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true });
    expect((error as Error).message).toContain('message.from.address');
  });

  it('runs the summary as an activity, with its usage (the flows’ agent tasks are their packages’)', async () => {
    const activities = createAgentActivities({ agents: createAgents(new RulesProvider()) });
    const summary: AgentActivityResult<SummarizeThreadOutput> = await env.run(activities.summarizeThread, {
      messages: [{ subject: 'Hi', text: 'Where is my order #AB1234?' }],
    });
    expect(summary.output.summary.length).toBeGreaterThan(0);

    const error = await env.run(activities.summarizeThread, 'not a thread' as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true });
  });
});
