import type { AnyFlowState, EmailMessage } from '@org/orchestrator-contracts';
import { threadWorkflowId } from '@org/orchestrator-contracts';
import { runCli } from '../cli';
import { FakeTemporal } from './fake-temporal';
import { AGENT, APPROVER, procurementScript, supportScript } from './scripted-flows';

/** Distinct UUID-shaped ids, as `randomUUID` gives. */
function counter(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`;
}

const signalled = (temporal: FakeTemporal) => temporal.signalWithStartCalls.map((c) => (c.options['signalArgs'] as EmailMessage[])[0] as EmailMessage);

describe('demo procurement', () => {
  let temporal: FakeTemporal;
  let script: ReturnType<typeof procurementScript>;
  beforeEach(() => {
    temporal = new FakeTemporal();
    script = procurementScript(temporal);
    temporal.script = script.script;
  });

  it('answers every RFQ under its own thread once the child runs, approves as the first approver and prints the order', async () => {
    const deps = temporal.deps({ newId: counter(), env: { TEMPORAL_UI_URL: 'http://ui.example:8080' } });
    expect(await runCli(['demo', 'procurement'], deps)).toBe(0);

    const [request, ...replies] = signalled(temporal);
    expect(request).toMatchObject({
      from: { address: 'alice.martin@acme-industries.example' },
      subject: 'Purchase request: laptops and monitors',
      references: [],
    });
    expect(request?.messageId).toBe(request?.threadId);
    // Dates relative to now (2025-07-01): needed by +60 days.
    expect(request?.text).toContain('Needed by 2025-08-30.');

    expect(script.seen.clashes).toEqual([]);
    expect(script.seen.repliesToChildren).toEqual([
      { supplierEmail: 'sales@northwind-it.example', toChild: true },
      { supplierEmail: 'quotes@contoso-computing.example', toChild: true },
      { supplierEmail: 'orders@fabrikam-displays.example', toChild: true },
    ]);
    const byId = (supplierId: string) => replies.find((r) => r.threadId === `<rfq-${supplierId}@orchestrator.local>`) as EmailMessage;
    for (const supplierId of ['northwind-it', 'contoso-computing', 'fabrikam-displays']) {
      const rfqMessageId = `<rfq-${supplierId}@orchestrator.local>`;
      expect(byId(supplierId)).toMatchObject({ threadId: rfqMessageId, inReplyTo: rfqMessageId, references: [rfqMessageId] });
    }
    expect(byId('northwind-it').text).toContain('| Laptop Dell Latitude 5440 | 4 | EUR 1.150,00 | EUR 4.600,00 |');
    expect(byId('northwind-it').text).toContain('valid until 2025-09-29.');
    expect(byId('contoso-computing').text).toContain('4 x Laptop Dell Latitude 5440 @ EUR 1,090.00 each');
    expect(byId('fabrikam-displays').text).toContain('Unfortunately we are unable to quote for laptops');
    expect(replies.every((r) => !r.text.includes('{'))).toBe(true);

    expect(temporal.updates).toEqual([
      {
        workflowId: threadWorkflowId(request?.threadId as string),
        name: 'approvePurchase',
        args: [{ approver: APPROVER, comment: 'Approved in the orchestrator demo' }],
      },
    ]);
    const out = deps.io.stdout.join('\n');
    expect(out).toContain("Waiting for the RFQs to close (until 10:00:03 UTC): a quote may be corrected during the worker's PROCUREMENT_CORRECTION_WINDOW");
    expect(out).toContain(
      'Approval needed: 5,420.00 EUR (5420 EUR is not below the automatic approval limit of 1000 EUR). Approving as approver@orchestrator.local...',
    );
    expect(out).toContain(
      [
        `Procurement thread ${request?.threadId}`,
        '  requester       alice.martin@acme-industries.example',
        '  suppliers',
        '    northwind-it       quoted       5,716.00 EUR',
        '    contoso-computing  quoted       5,420.00 EUR  <- best',
        '    fabrikam-displays  declined                -',
        '  best            Contoso Computing GmbH (5,420.00 EUR)',
        '  approval        approved by approver@orchestrator.local, 5,420.00 EUR ("Approved in the orchestrator demo")',
        '  purchase order  PO-2025-000001, document PO-2025-000001.pdf',
        '  outcome         ordered',
        '',
        'Temporal Web UI: http://ui.example:8080',
        `  http://ui.example:8080/namespaces/test-ns/workflows/${encodeURIComponent(threadWorkflowId(request?.threadId as string))}`,
      ].join('\n'),
    );
  });

  it('prints one JSON document with the outcome, and no progress, with --json', async () => {
    const deps = temporal.deps({ newId: counter() });
    expect(await runCli(['demo', 'procurement', '--json'], deps)).toBe(0);
    expect(deps.io.stdout).toHaveLength(1);
    const result = JSON.parse(deps.io.stdout[0] as string);
    expect(result).toMatchObject({
      scenario: 'procurement',
      namespace: 'test-ns',
      requester: 'alice.martin@acme-industries.example',
      best: { supplierId: 'contoso-computing', total: 5420, currency: 'EUR' },
      approval: { status: 'approved', approver: APPROVER, amount: 5420 },
      approvedAutomatically: false,
      purchaseOrder: { number: 'PO-2025-000001', document: 'PO-2025-000001.pdf' },
      outcome: 'ordered',
      reason: 'procurement ordered',
    });
    expect(result.suppliers.map((s: { supplierId: string; status: string; replied: string }) => [s.supplierId, s.status, s.replied])).toEqual([
      ['northwind-it', 'quoted', 'a quote as a table'],
      ['contoso-computing', 'quoted', 'a quote in prose'],
      ['fabrikam-displays', 'declined', 'a decline'],
    ]);
  });

  it('sends no approval when the policy approved automatically', async () => {
    script = procurementScript(temporal, { autoApprove: true });
    temporal.script = script.script;
    const deps = temporal.deps({ newId: counter() });
    expect(await runCli(['demo', 'procurement'], deps)).toBe(0);
    expect(temporal.updates).toEqual([]);
    expect(deps.io.stdout.join('\n')).toContain('  approval        automatic (below the approval limit)');
  });

  it('leaves the approval pending for a person with --leave-pending', async () => {
    const deps = temporal.deps({ newId: counter() });
    expect(await runCli(['demo', 'procurement', '--leave-pending', '--json'], deps)).toBe(0);
    expect(temporal.updates).toEqual([]);
    expect(JSON.parse(deps.io.stdout[0] as string)).toMatchObject({ approval: { status: 'pending', amount: 5420 }, purchaseOrder: null, reason: null });
  });

  it('fails at once, naming the worker settings, when the RFQs close after the timeout', async () => {
    script = procurementScript(temporal, { settleAt: '2999-01-01T00:00:00.000Z' });
    temporal.script = script.script;
    const deps = temporal.deps({ newId: counter() });
    expect(await runCli(['demo', 'procurement', '--timeout', '30'], deps)).toBe(1);
    expect(deps.io.stderr.join('\n')).toMatch(
      /^error: the RFQs close at 00:00:00 UTC, after this demo's --timeout of 30s\. Run the worker with short windows \(PROCUREMENT_CORRECTION_WINDOW=3s PROCUREMENT_QUOTE_WINDOW=2m/,
    );
    expect(temporal.updates).toEqual([]);
  });

  it('times out with what it waited for when no worker runs', async () => {
    temporal.workerRunning = false;
    const deps = temporal.deps({ newId: counter(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
    expect(await runCli(['demo', 'procurement', '--timeout', '0.3'], deps)).toBe(1);
    expect(deps.io.stderr.join('\n')).toMatch(
      /^error: timed out after 0\.3s waiting for the requests for quotation \(thread <purchase-request\.[^>]+>\)\. Is a worker polling task queue 'test-queue'\?$/,
    );
  });
});

describe('demo support', () => {
  let temporal: FakeTemporal;
  let script: ReturnType<typeof supportScript>;
  beforeEach(() => {
    temporal = new FakeTemporal();
    script = supportScript();
    temporal.script = script.script;
  });

  it('sends each turn after the previous answer, threaded under it, lets a person answer the complaint, and completes both threads', async () => {
    const deps = temporal.deps({ newId: counter() });
    expect(await runCli(['demo', 'support'], deps)).toBe(0);

    const [m1, m2, m3, peter] = script.seen.messages as EmailMessage[];
    expect(script.seen.unansweredBefore.map((u) => u.unanswered)).toEqual([0, 0, 0, 0]);
    expect(m1).toMatchObject({ from: { address: 'emma.jones@mail.example' }, subject: 'Where is my order A10482?', references: [] });
    expect(m1?.text).toContain('order A10482');
    expect(m2).toMatchObject({
      threadId: m1?.threadId,
      subject: 'Re: Where is my order A10482?',
      inReplyTo: '<answer-1@orchestrator.local>',
      references: [m1?.messageId, '<answer-1@orchestrator.local>'],
    });
    expect(m2?.text).toContain('I would like to return the kettle, how do I send it back?');
    expect(m3).toMatchObject({
      inReplyTo: '<answer-2@orchestrator.local>',
      references: [m1?.messageId, '<answer-1@orchestrator.local>', m2?.messageId, '<answer-2@orchestrator.local>'],
    });
    expect(m3?.text).toContain('Thank you, that helps!');
    expect(peter).toMatchObject({ from: { address: 'p.hall@mail.example' }, subject: 'Worst service ever' });
    expect(peter?.threadId).not.toBe(m1?.threadId);

    expect(temporal.updates).toEqual([
      {
        workflowId: threadWorkflowId(peter?.threadId as string),
        name: 'submitAgentReply',
        args: [{ agent: AGENT, reply: expect.stringContaining('A replacement pair is on its way') }],
      },
    ]);
    expect(temporal.signals.map((s) => [s.workflowId, s.name])).toEqual([
      [threadWorkflowId(m1?.threadId as string), 'COMPLETE_THREAD'],
      [threadWorkflowId(peter?.threadId as string), 'COMPLETE_THREAD'],
    ]);

    const out = deps.io.stdout.join('\n');
    expect(out).toContain(
      '     needs a person: ticket T-000001 for agent@orchestrator.local (complaint with negative sentiment needs a human); first response due 14:00:00 UTC',
    );
    expect(out).toContain(
      [
        `Support thread ${m1?.threadId} (emma.jones@mail.example)`,
        '  1. order-status, answered automatically: "Hello, about "Hi, I ordered a ket": here is what we know."',
        '  2. refund-return, answered automatically: "Hello, about "Thanks for the updat": here is what we know."',
        '  3. order-status, answered automatically: "Hello, about "Thank you, that help": here is what we know."',
        '  completed demo finished; 3 messages handled (answered, answered, answered)',
        '',
        `Support thread ${peter?.threadId} (p.hall@mail.example)`,
        '  1. complaint, answered by agent agent@orchestrator.local: "Dear Mr Hall, I am very sorry that the running shoes from order B20931 fell apart so quic…"',
        '     not automatic: complaint with negative sentiment needs a human',
        '  ticket    T-000001, assigned to agent@orchestrator.local',
        '  completed demo finished; 1 message handled (answered-by-agent)',
      ].join('\n'),
    );
  });

  it('prints one JSON document with both threads with --json', async () => {
    const deps = temporal.deps({ newId: counter() });
    expect(await runCli(['demo', 'support', '--json'], deps)).toBe(0);
    expect(deps.io.stdout).toHaveLength(1);
    const result = JSON.parse(deps.io.stdout[0] as string);
    expect(result).toMatchObject({ scenario: 'support', namespace: 'test-ns', uiUrl: 'http://localhost:8233' });
    expect(result.threads).toHaveLength(2);
    expect(result.threads[0].turns.map((t: { intent: string; answeredBy: string }) => [t.intent, t.answeredBy])).toEqual([
      ['order-status', 'auto'],
      ['refund-return', 'auto'],
      ['order-status', 'auto'],
    ]);
    expect(result.threads[1]).toMatchObject({
      customer: 'p.hall@mail.example',
      ticket: { id: 'T-000001', assignee: AGENT },
      turns: [{ intent: 'complaint', answeredBy: 'agent', agent: AGENT, demoActions: [`answered as ${AGENT}`] }],
      reason: 'demo finished',
      actions: ['answered-by-agent'],
    });
  });

  it('fails when a message is handled without an answer', async () => {
    temporal.script = {
      ...script.script,
      onQuery(thread) {
        // e.g. an activity failed for good: the thread records the message as failed and moves on.
        Object.assign(thread.state.messages[0] ?? {}, { status: 'handled', outcome: { flow: 'support', action: 'failed' } });
      },
    };
    const deps = temporal.deps({ newId: counter() });
    expect(await runCli(['demo', 'support'], deps)).toBe(1);
    expect(deps.io.stderr.join('\n')).toMatch(/^error: thread <.*@mail\.example> handled message <.*> without answering it \(support: failed\)$/);
  });
});

describe('demo usage', () => {
  it.each([
    [['demo', 'shopping'], 'unknown demo "shopping": expected procurement or support'],
    [['demo', 'support', 'twice'], 'expected at most one scenario, got 2'],
    [['demo', 'procurement', '--samples', '/tmp'], '--samples applies to the plain demo only'],
    [['demo', 'support', '--timeout', 'soon'], '--timeout must be a positive number of seconds, got soon'],
  ])('%j exits 2 without connecting', async (argv, message) => {
    const temporal = new FakeTemporal();
    const deps = temporal.deps();
    expect(await runCli(argv, deps)).toBe(2);
    expect(deps.io.stderr.join('\n')).toContain(message);
    expect(deps.io.stderr.join('\n')).toContain('orchestrator demo procurement [--smtp URL --signing-keys DIR] [--leave-pending] [--timeout SECONDS] [--json]');
    expect(deps.connect).not.toHaveBeenCalled();
  });
});

describe('demo (sample emails) with flows that take their time', () => {
  it('treats a thread that waits for people as settled, and withdraws it by completing it', async () => {
    const temporal = new FakeTemporal();
    temporal.script = {
      onMessage(thread) {
        // The procurement flow holds its first message while it waits for quotes.
        for (const record of thread.state.messages) record.status = 'handling';
        // Only what the demo reads of a procurement state that waits for quotes.
        const waiting = {
          step: 'requesting-quotes',
          awaiting: { who: ['sales@ergoseat.example'], what: 'quotes', since: '2025-07-01T10:00:00.000Z', until: '2025-07-06T10:00:00.000Z' },
        };
        thread.state.flowState = waiting as Partial<AnyFlowState> as AnyFlowState;
      },
    };
    const deps = temporal.deps();
    expect(await runCli(['demo'], deps)).toBe(0);
    const completed = temporal.signals.filter((s) => s.name === 'COMPLETE_THREAD').map((s) => s.workflowId);
    expect(completed).toContain('email-thread:<20250701091500.4F2A.maria@mail.acme-industries.example>');
    expect(deps.io.stdout.join('\n')).toMatch(/Thread <20250701091500\.4F2A\.maria@mail\.acme-industries\.example>\n {2}flow {16}procurement/);
  });
});
