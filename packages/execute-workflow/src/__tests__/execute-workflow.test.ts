import { startWorkflowTestServer, uniqueTaskQueue } from '@org/orchestrator-testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { executeWorkflow } from '../index';
import type { Sum } from './fixtures/workflows';
import { pingParent, sumParent } from './fixtures/workflows';

let env: TestWorkflowEnvironment;
let teardown: (() => Promise<void>) | undefined;
const taskQueue = uniqueTaskQueue('execute-workflow');

beforeAll(async () => {
  ({ env, teardown } = await startWorkflowTestServer(require.resolve('./fixtures/workflows'), { taskQueue }));
}, 60_000);

afterAll(() => teardown?.());

/** Runs `sumParent` to completion and returns its result and recorded history. */
async function runSumParent(asChild: boolean, childWorkflowId: string) {
  const handle = await env.client.workflow.start(sumParent, {
    taskQueue,
    workflowId: uniqueTaskQueue(asChild ? 'parent-child' : 'parent-inline'),
    args: [asChild, 2, 3, childWorkflowId],
  });
  const result: Sum = await handle.result();
  const events = (await handle.fetchHistory()).events ?? [];
  return { handle, result, events };
}

describe(executeWorkflow, () => {
  it('with asChild runs the function as a child workflow with the given workflowId', async () => {
    const childWorkflowId = uniqueTaskQueue('sum-child');
    const { handle, result, events } = await runSumParent(true, childWorkflowId);

    expect(result).toEqual({ sum: 5, terms: [2, 3] });
    const initiated = events.flatMap((e) => e.startChildWorkflowExecutionInitiatedEventAttributes ?? []);
    expect(initiated).toHaveLength(1);
    expect(initiated[0].workflowId).toBe(childWorkflowId);
    expect(initiated[0].workflowType?.name).toBe('addNumbers');
    expect(events.some((e) => e.childWorkflowExecutionCompletedEventAttributes)).toBe(true);

    const child = await env.client.workflow.getHandle(childWorkflowId).describe();
    expect(child.type).toBe('addNumbers');
    expect(child.status.name).toBe('COMPLETED');
    expect(child.parentExecution?.workflowId).toBe(handle.workflowId);
    await expect(env.client.workflow.getHandle<typeof sumParent>(childWorkflowId).result()).resolves.toEqual(result);
  });

  it('without asChild calls the function inline: same result, no child events', async () => {
    const childWorkflowId = uniqueTaskQueue('sum-inline');
    const { result, events } = await runSumParent(false, childWorkflowId);

    expect(result).toEqual({ sum: 5, terms: [2, 3] });
    const childEvents = events.filter(
      (e) =>
        e.startChildWorkflowExecutionInitiatedEventAttributes ||
        e.childWorkflowExecutionStartedEventAttributes ||
        e.childWorkflowExecutionCompletedEventAttributes,
    );
    expect(childEvents).toEqual([]);
    // The workflowId option was ignored: no such execution exists.
    await expect(env.client.workflow.getHandle(childWorkflowId).describe()).rejects.toThrow(/not found/i);
  });

  it('runs a workflow without parameters when given no options', async () => {
    const result = await env.client.workflow.execute(pingParent, { taskQueue, workflowId: uniqueTaskQueue('ping') });
    expect(result).toBe('pong');
  });
});
