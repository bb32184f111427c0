import { startWorkflowTestServer, uniqueTaskQueue } from '@org/orchestrator-testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ReceivedQuote } from '../index';
import { decideProcurement } from './fixtures/workflows';

let env: TestWorkflowEnvironment;
let teardown: (() => Promise<void>) | undefined;
const taskQueue = uniqueTaskQueue('procurement');

beforeAll(async () => {
  ({ env, teardown } = await startWorkflowTestServer(require.resolve('./fixtures/workflows'), { taskQueue }));
}, 60_000);

afterAll(() => teardown?.());

const quote = (supplierId: string, total: number, leadTimeDays: number): ReceivedQuote => ({
  supplierId,
  status: 'quoted',
  lines: [{ item: 'Laptop', quantity: 10, unit: 'pcs', unitPrice: total / 10 }],
  total,
  currency: 'EUR',
  leadTimeDays,
  validUntil: null,
  conditions: [],
});

describe('the root entry in the workflow sandbox', () => {
  it('bundles and runs compareQuotes, approvalRequirement and formatPurchaseOrderNumber inside a workflow', async () => {
    const neededBy = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const result = await env.client.workflow.execute(decideProcurement, {
      taskQueue,
      workflowId: uniqueTaskQueue('decide'),
      args: [
        'thread-1',
        [quote('slow-cheap', 9000, 60), quote('fast', 12000, 5), { ...quote('declines', 0, 0), status: 'declined', total: null }],
        { items: [{ name: 'laptops', quantity: 10 }], neededBy, currency: 'EUR', budget: 15000 },
        { autoApproveBelow: 10000, currency: 'EUR', approvers: { primary: 'cfo@acme.example', secondary: 'ceo@acme.example' } },
      ],
    });
    expect(result.purchaseOrderNumber).toMatch(/^PO-\d{4}-000003$/);
    expect(result.comparison.best).toBe('fast');
    expect(result.comparison.rejected.map((r) => r.supplierId)).toEqual(['slow-cheap', 'declines']);
    expect(result.approval).toMatchObject({ kind: 'approver', approver: 'cfo@acme.example', escalateTo: 'ceo@acme.example' });
  }, 60_000);
});
