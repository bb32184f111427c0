import { startWorkflowTestServer, uniqueTaskQueue } from '@org/orchestrator-testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { decideInvoice } from './fixtures/workflows';
import { invoice, order, receipt } from './fixtures/documents';

let env: TestWorkflowEnvironment;
let teardown: (() => Promise<void>) | undefined;
const taskQueue = uniqueTaskQueue('invoice-matching');

beforeAll(async () => {
  ({ env, teardown } = await startWorkflowTestServer(require.resolve('./fixtures/workflows'), { taskQueue }));
}, 60_000);

afterAll(() => teardown?.());

describe('the root entry in the workflow sandbox', () => {
  it('bundles and runs the schema, matchInvoice, compareBankDetails and the texts inside a workflow', async () => {
    const over = invoice({
      lines: [{ item: 'Dell Latitude 5450 laptop, 16 GB RAM', quantity: 12, unitPrice: 1049.5, amount: 12594 }],
      subtotal: 12594,
      tax: 0,
      total: 12594,
    });
    const result = await env.client.workflow.execute(decideInvoice, {
      taskQueue,
      workflowId: uniqueTaskQueue('decide'),
      args: [{ ...over, currency: 'eur' }, order(), [receipt()], { percent: 2, absolute: 5 }, 'sales@northwind-it.example'],
    });
    expect(result.state.step).toBe('awaiting-approval');
    expect(result.state.match).toMatchObject({
      outcome: 'mismatch',
      discrepancies: [
        { kind: 'quantity-ordered', expected: 10, actual: 12 },
        { kind: 'quantity-received', expected: 10, actual: 12 },
      ],
    });
    expect(result.state.bankCheck).toEqual({ status: 'first-seen' });
    expect(result.question).toContain('12 invoiced, 10 ordered');
    expect(result.masked).toBe('DE** **** **** **** **30 00');
  }, 60_000);
});
