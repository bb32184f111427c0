import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FailedStep } from '@org/orchestrator-contracts';
import { runCli } from '../cli';
import { TemporalUnavailableError } from '../errors';
import type { FakeFlowScript } from './fake-temporal';
import { FakeTemporal, updateRefused } from './fake-temporal';

const THREAD = '<req-1@acme.example>';
const WORKFLOW = `email-thread:${THREAD}`;
const APPROVER = 'approver@orchestrator.local';
const AGENT = 'agent@orchestrator.local';
const OPS = 'ops@orchestrator.local';

/** A thread that accepts approvals from APPROVER and agent replies from AGENT, as the workflow's validators do. */
const FAILED_STEP: FailedStep = {
  activity: 'draftSupportAnswer',
  failure: { type: 'AgentOutputInvalid', message: 'Agent task draft_support_answer: output invalid after 2 attempt(s)' },
  flow: 'support',
  flowStep: 'answering',
  during: 'message',
  messageId: THREAD,
  attempts: 1,
  held: 1,
};

const acceptingScript: FakeFlowScript = {
  onUpdate(_thread, name, input) {
    if (name === 'retryFailedStep') {
      const { requestedBy, comment } = input as { requestedBy: string; comment?: string };
      const retry = { requestedBy, requestedAt: '2025-07-01T10:02:00.000Z', ...(comment ? { comment } : {}) };
      return { failedStep: { ...FAILED_STEP, retry }, requestedBy, requestedAt: retry.requestedAt };
    }
    if (name === 'submitAgentReply') {
      const { agent } = input as { agent: string };
      if (agent !== AGENT) throw updateRefused('InvalidAgentReply', `invalid agent reply: agent: ${agent} is not one of this thread's agents`);
      return { agent, replyMessageId: '<agent-reply.1@orchestrator.local>', acceptedAt: '2025-07-01T10:01:00.000Z' };
    }
    const { approver, comment } = input as { approver: string; comment?: string };
    if (approver !== APPROVER) throw updateRefused('UnknownApprover', `${approver} is not an approver of this purchase`);
    return {
      subject: name.endsWith('Refund') ? 'refund' : 'purchase',
      decision: name.startsWith('approve') ? 'approved' : 'rejected',
      approver,
      ...(comment ? { comment } : {}),
      decidedAt: '2025-07-01T10:00:30.000Z',
    };
  },
};

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'starter-test-')), name);
  writeFileSync(path, content);
  return path;
}

describe('approve, reject, reply', () => {
  let temporal: FakeTemporal;
  beforeEach(async () => {
    temporal = new FakeTemporal();
    temporal.script = acceptingScript;
    temporal.newThread(WORKFLOW);
  });

  describe('usage', () => {
    it.each([
      [['approve', THREAD], 'missing --as ADDRESS'],
      [['reject', '--as', APPROVER], 'missing <threadId>'],
      [['approve', THREAD, '--as', APPROVER, '--timeout', '0'], '--timeout must be a positive number of seconds, got 0'],
      [['approve', THREAD, '--as', APPROVER, '--refunds'], "Unknown option '--refunds'"],
      [['reply', THREAD, '--text', 'hi'], 'missing --as ADDRESS'],
      [['reply', THREAD, '--as', AGENT, '--text', 'hi', '--file', 'r.txt'], '--text cannot be combined with --file'],
      [['reply', '--as', AGENT, '--text', 'hi'], 'missing <threadId>'],
      [['retry', THREAD], 'missing --as ADDRESS'],
      [['retry', '--as', OPS], 'missing <threadId>'],
      [['retry', THREAD, '--as', OPS, '--timeout', 'soon'], '--timeout must be a positive number of seconds, got soon'],
    ])('%j exits 2 naming the flag, without connecting', async (argv, message) => {
      const deps = temporal.deps();
      expect(await runCli(argv, deps)).toBe(2);
      expect(deps.io.stderr.join('\n')).toContain(message);
      expect(deps.io.stderr.join('\n')).toContain(`Usage: orchestrator ${argv[0]} <threadId>`);
      expect(deps.connect).not.toHaveBeenCalled();
    });

    it.each([
      [['approve', THREAD, '--as', 'not-an-address'], 'invalid approval decision: approver: must be a valid email address'],
      [['reply', THREAD, '--as', AGENT, '--text', '   '], 'invalid agent reply: reply: must not be empty'],
      [['reply', THREAD, '--as', 'nobody', '--text', 'hi'], 'invalid agent reply: agent: must be a valid email address'],
      [['retry', THREAD, '--as', 'nobody'], 'invalid retry request: requestedBy: must be a valid email address'],
    ])('%j exits 2 for invalid input, with nothing sent', async (argv, message) => {
      const deps = temporal.deps();
      expect(await runCli(argv, deps)).toBe(2);
      expect(deps.io.stderr).toEqual([message]);
      expect(deps.connect).not.toHaveBeenCalled();
    });

    it('asks for the reply instead of waiting on a terminal', async () => {
      const deps = temporal.deps();
      deps.io.stdinIsInteractive = () => true;
      expect(await runCli(['reply', THREAD, '--as', AGENT], deps)).toBe(2);
      expect(deps.io.stderr.join('\n')).toContain('give the reply with --text, --file PATH, or on stdin');
    });

    it('lists the new commands and exit code 3 in the main help', async () => {
      const deps = temporal.deps();
      expect(await runCli(['--help'], deps)).toBe(0);
      const help = deps.io.stdout.join('\n');
      expect(help).toMatch(/approve\s+Approve the purchase/);
      expect(help).toMatch(/reply\s+Answer a support thread/);
      expect(help).toMatch(/retry\s+Run again the step of a thread that failed for good/);
      expect(help).toContain('3 refused by the thread');
    });
  });

  describe('approve / reject', () => {
    it.each([
      [['approve'], 'approvePurchase', 'approved purchase'],
      [['approve', '--refund'], 'approveRefund', 'approved refund'],
      [['reject'], 'rejectPurchase', 'rejected purchase'],
      [['reject', '--refund'], 'rejectRefund', 'rejected refund'],
    ])('%j sends %s and prints the recorded decision', async ([verb, ...flags], update, headline) => {
      const deps = temporal.deps();
      expect(await runCli([verb as string, THREAD, '--as', APPROVER, '--comment', 'ok for Q3', ...flags], deps)).toBe(0);
      expect(temporal.updates).toEqual([{ workflowId: WORKFLOW, name: update, args: [{ approver: APPROVER, comment: 'ok for Q3', via: 'cli' }] }]);
      expect(deps.io.stdout.join('\n')).toBe(
        [headline, `  thread      ${THREAD}`, `  approver    ${APPROVER}`, '  comment     ok for Q3', '  decided at  2025-07-01T10:00:30.000Z'].join('\n'),
      );
    });

    it('prints the decision as JSON with --json', async () => {
      const deps = temporal.deps();
      expect(await runCli(['approve', THREAD, '--as', APPROVER, '--json'], deps)).toBe(0);
      expect(temporal.updates[0]?.args).toEqual([{ approver: APPROVER, via: 'cli' }]);
      expect(JSON.parse(deps.io.stdout.join(''))).toEqual({
        threadId: THREAD,
        workflowId: WORKFLOW,
        action: 'approvePurchase',
        subject: 'purchase',
        decision: 'approved',
        approver: APPROVER,
        decidedAt: '2025-07-01T10:00:30.000Z',
      });
    });

    it('exits 3 with the workflow’s reason when the thread refuses', async () => {
      const deps = temporal.deps();
      expect(await runCli(['approve', THREAD, '--as', 'mallory@example.com'], deps)).toBe(3);
      expect(deps.io.stderr).toEqual(['refused: mallory@example.com is not an approver of this purchase']);
      expect(deps.io.stdout).toEqual([]);
    });

    it('exits 3 when nothing is pending', async () => {
      temporal.script = {
        onUpdate: () => {
          throw updateRefused('NoApprovalPending', 'no refund approval is pending');
        },
      };
      const deps = temporal.deps();
      expect(await runCli(['reject', THREAD, '--as', APPROVER, '--refund'], deps)).toBe(3);
      expect(deps.io.stderr).toEqual(['refused: no refund approval is pending']);
    });

    it('exits 3 when the thread has already completed', async () => {
      temporal.finish(temporal.threads.get(WORKFLOW)!, 'procurement ordered');
      const deps = temporal.deps();
      expect(await runCli(['approve', THREAD, '--as', APPROVER], deps)).toBe(3);
      expect(deps.io.stderr).toEqual([`refused: thread ${THREAD} has already completed`]);
    });

    it('exits 1 for an unknown thread, with the hint', async () => {
      const deps = temporal.deps();
      expect(await runCli(['approve', '<nope@x>', '--as', APPROVER], deps)).toBe(1);
      expect(deps.io.stderr.join('\n')).toContain('thread ids are Message-IDs in angle brackets');
    });

    it('exits 1 when Temporal is unreachable', async () => {
      const deps = temporal.deps({
        connect: jest.fn(async () => {
          throw new TemporalUnavailableError('localhost:7233', 'default', new Error('Failed to connect before the deadline'));
        }),
      });
      expect(await runCli(['approve', THREAD, '--as', APPROVER], deps)).toBe(1);
      expect(deps.io.stderr.join('\n')).toContain('cannot reach Temporal at localhost:7233');
    });

    it('exits 1 when no worker answers in time, saying the decision is unconfirmed', async () => {
      temporal.script = { onUpdate: () => new Promise(() => undefined) };
      const deps = temporal.deps();
      expect(await runCli(['approve', THREAD, '--as', APPROVER, '--timeout', '0.05'], deps)).toBe(1);
      expect(deps.io.stderr.join('\n')).toContain(
        `error: no answer from thread ${THREAD} within 0.05s. Is a worker polling task queue 'test-queue'? The decision was not confirmed`,
      );
    });
  });

  describe('reply', () => {
    const receipt = [
      'reply accepted; the customer receives it as <agent-reply.1@orchestrator.local>',
      `  thread       ${THREAD}`,
      `  agent        ${AGENT}`,
      '  accepted at  2025-07-01T10:01:00.000Z',
    ].join('\n');

    it('sends --text and prints the receipt', async () => {
      const deps = temporal.deps();
      expect(await runCli(['reply', THREAD, '--as', AGENT, '--text', 'Your desk ships tomorrow.'], deps)).toBe(0);
      expect(temporal.updates).toEqual([
        { workflowId: WORKFLOW, name: 'submitAgentReply', args: [{ agent: AGENT, reply: 'Your desk ships tomorrow.', via: 'cli' }] },
      ]);
      expect(deps.io.stdout.join('\n')).toBe(receipt);
    });

    it('reads the reply from --file, or from stdin', async () => {
      const fromFile = temporal.deps();
      expect(await runCli(['reply', THREAD, '--as', AGENT, '--file', tempFile('reply.txt', 'From a file.\n')], fromFile)).toBe(0);
      const fromStdin = temporal.deps();
      fromStdin.io.readStdin = async () => 'From stdin.\n';
      fromStdin.io.stdinIsInteractive = () => false;
      expect(await runCli(['reply', THREAD, '--as', AGENT, '--json'], fromStdin)).toBe(0);
      expect(temporal.updates.map((u) => (u.args[0] as { reply: string }).reply)).toEqual(['From a file.', 'From stdin.']);
      expect(JSON.parse(fromStdin.io.stdout.join(''))).toEqual({
        threadId: THREAD,
        workflowId: WORKFLOW,
        agent: AGENT,
        replyMessageId: '<agent-reply.1@orchestrator.local>',
        acceptedAt: '2025-07-01T10:01:00.000Z',
      });
    });

    it('exits 2 for a file it cannot read', async () => {
      const deps = temporal.deps();
      expect(await runCli(['reply', THREAD, '--as', AGENT, '--file', '/nonexistent/reply.txt'], deps)).toBe(2);
      expect(deps.io.stderr.join('\n')).toContain('cannot read /nonexistent/reply.txt');
      expect(deps.connect).not.toHaveBeenCalled();
    });

    it('exits 3 with the workflow’s reason when the thread refuses', async () => {
      const deps = temporal.deps();
      expect(await runCli(['reply', THREAD, '--as', 'intruder@example.com', '--text', 'We refund everything.'], deps)).toBe(3);
      expect(deps.io.stderr).toEqual(["refused: invalid agent reply: agent: intruder@example.com is not one of this thread's agents"]);
    });
  });

  describe('retry', () => {
    it('sends retryFailedStep and prints the step the thread runs again', async () => {
      const deps = temporal.deps();
      expect(await runCli(['retry', THREAD, '--as', OPS, '--comment', 'model fixed'], deps)).toBe(0);
      expect(temporal.updates).toEqual([{ workflowId: WORKFLOW, name: 'retryFailedStep', args: [{ requestedBy: OPS, comment: 'model fixed' }] }]);
      expect(deps.io.stdout.join('\n')).toBe(
        [
          `retrying the failed step; follow it with "orchestrator state '${THREAD}'"`,
          `  thread        ${THREAD}`,
          '  step          support answering: draftSupportAnswer',
          '  failure       AgentOutputInvalid: Agent task draft_support_answer: output invalid after 2 attempt(s)',
          `  during        message ${THREAD}`,
          '  attempts      1',
          `  requested by  ${OPS}`,
          '  requested at  2025-07-01T10:02:00.000Z',
        ].join('\n'),
      );
    });

    it('prints the receipt as JSON with --json', async () => {
      const deps = temporal.deps();
      expect(await runCli(['retry', THREAD, '--as', OPS, '--json'], deps)).toBe(0);
      expect(temporal.updates[0]?.args).toEqual([{ requestedBy: OPS }]);
      expect(JSON.parse(deps.io.stdout.join(''))).toMatchObject({
        threadId: THREAD,
        workflowId: WORKFLOW,
        requestedBy: OPS,
        failedStep: { activity: 'draftSupportAnswer', retry: { requestedBy: OPS } },
      });
    });

    it('exits 3 with the workflow’s reason when nothing failed', async () => {
      temporal.script = {
        onUpdate: () => {
          throw updateRefused('NoFailedStep', 'no step of this thread failed');
        },
      };
      const deps = temporal.deps();
      expect(await runCli(['retry', THREAD, '--as', OPS], deps)).toBe(3);
      expect(deps.io.stderr).toEqual(['refused: no step of this thread failed']);
      expect(deps.io.stdout).toEqual([]);
    });

    it('state shows the failed step and how to retry it', async () => {
      const thread = temporal.threads.get(WORKFLOW)!;
      thread.state.escalation = {
        reason: 'support answering: draftSupportAnswer failed (AgentOutputInvalid)',
        at: '2025-07-01T10:00:05.000Z',
        status: 'needs-human',
        failedStep: FAILED_STEP,
      };
      const deps = temporal.deps();
      expect(await runCli(['state', THREAD], deps)).toBe(0);
      const text = deps.io.stdout.join('\n');
      expect(text).toContain('  escalated: support answering: draftSupportAnswer failed (AgentOutputInvalid) [needs-human] since 2025-07-01T10:00:05.000Z');
      expect(text).toContain('    failed: draftSupportAnswer (AgentOutputInvalid): Agent task draft_support_answer: output invalid after 2 attempt(s)');
      expect(text).toContain(`    handling ${THREAD}; 1 attempt(s); 1 message(s) held`);
      expect(text).toContain(`    retry with: orchestrator retry '${THREAD}' --as <your address>`);
    });

    it('state shows an approval under a policy: who approved and who is awaited', async () => {
      const thread = temporal.threads.get(WORKFLOW)!;
      thread.state.flowState = {
        ...(thread.state.flowState as object),
        approval: {
          subject: 'purchase',
          status: 'pending',
          amount: 7200,
          currency: 'EUR',
          reason: 'above the limit',
          approvers: ['cfo@example.com', 'ceo@example.com'],
          escalateTo: 'ceo@example.com',
          requestedAt: '2025-07-01T10:00:00.000Z',
          remindAt: '2025-07-02T10:00:00.000Z',
          escalateAt: '2025-07-03T10:00:00.000Z',
          reminded: false,
          escalated: false,
          mode: 'all',
          required: ['cfo@example.com', 'ceo@example.com'],
          tierAbove: 5000,
          decisions: [{ subject: 'purchase', decision: 'approved', approver: 'cfo@example.com', decidedAt: '2025-07-01T11:00:00.000Z' }],
        },
      } as unknown as typeof thread.state.flowState;
      const deps = temporal.deps();
      expect(await runCli(['state', THREAD], deps)).toBe(0);
      const text = deps.io.stdout.join('\n');
      expect(text).toMatch(/approval +purchase of EUR 7200: pending/);
      expect(text).toMatch(/policy +all of 2 approvers \(above 5000 EUR\); 1 of 2 approved/);
      expect(text).toMatch(/approved by +cfo@example\.com/);
      expect(text).toMatch(/awaiting +ceo@example\.com/);
    });
  });
});
