import { threadWorkflowId } from '@org/orchestrator-contracts';
import { RulesProvider } from '@org/orchestrator-agents';
import { flowAgentRules } from '@org/orchestrator-installed-flows';
import type { Support } from './flow-fixtures';
import { EMMA, deliver, supportEmail, waitForState } from './flow-fixtures';
import { flowSuite } from './flow-suite';

// Agent activities are scheduled with a heartbeat timeout well below their start-to-close timeout:
// a call lost with its worker (SIGKILL, crash) is retried within seconds. Without it the chaos suite
// saw threads wait the whole two-minute start-to-close timeout for a killed worker's classifyThread.
const { env, newThread, withWorker } = flowSuite();

const AGENT_ACTIVITIES = ['classifyThread', 'extractPurchaseRequest', 'readQuote', 'draftSupportAnswer', 'summarizeThread'];

describe('agent activities', () => {
  it('are scheduled with a 30 s heartbeat timeout and a two-minute start-to-close timeout', async () => {
    // Agents given explicitly, as the worker does for a remote LLM: not in-process, so activities
    // (an in-process provider's calls are local activities: see inline-steps.test.ts).
    await withWorker(
      undefined,
      async (h) => {
        const threadId = newThread('agent-heartbeat');
        const text = 'Hello,\n\nWhich payment methods do you accept? Can I pay by invoice or with PayPal?\n\nEmma';
        await deliver(env, h.taskQueue, supportEmail(threadId, { from: EMMA, subject: 'Question about payment methods', text, authenticated: false }));
        await waitForState<Support>(env, threadId, (s) => s.turns?.some((t) => t.replyMessageId !== undefined) ?? false);
        const { events } = await env.client.workflow.getHandle(threadWorkflowId(threadId)).fetchHistory();
        const agentCalls = (events ?? [])
          .map((e) => e.activityTaskScheduledEventAttributes)
          .filter((a) => a && AGENT_ACTIVITIES.includes(a.activityType?.name ?? ''));
        expect(agentCalls.map((a) => a?.activityType?.name)).toEqual(expect.arrayContaining(['classifyThread', 'draftSupportAnswer']));
        for (const call of agentCalls) {
          expect(Number(call?.heartbeatTimeout?.seconds)).toBe(30);
          expect(Number(call?.startToCloseTimeout?.seconds)).toBe(120);
        }
      },
      { provider: new RulesProvider({ rules: flowAgentRules() }) },
    );
  });
});
