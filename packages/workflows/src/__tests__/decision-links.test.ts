import { inboxThreadUrl, threadWorkflowId } from '@org/orchestrator-contracts';
import { decideApproval, getThreadState, verifyDecisionLink, waitForThreadSummary } from '@org/orchestrator-contracts/client';
import type { Procurement, Support } from './flow-fixtures';
import { PETER, TRUSTED_REQUESTERS, deliver, mailTo, supportEmail, waitForState } from './flow-fixtures';
import { flowSuite } from './flow-suite';
import { awaitingApproval } from './procurement-steps';
import { maybeRecordHistory } from './thread-harness';

// Approval emails with one-click links (patch 'inbox-decision-links') and decisions that record how
// they were made (patch 'decision-via'), on the time-skipping server.

const { env, newThread, withWorker } = flowSuite();

const APPROVER = 'approver@orchestrator.local';
const SECOND_APPROVER = 'finance-director@orchestrator.local';
const INBOX = { baseUrl: 'https://inbox.example.test', secret: 'workflow-test-inbox-secret-0123456789abcdef' };
const FLOWS = { ...TRUSTED_REQUESTERS, procurement: { approval: { approvers: { primary: APPROVER, secondary: SECOND_APPROVER } } } };

/** The token of the link after `label` in a raw mail (quoted-printable soft breaks undone). */
function linkToken(mail: string, label: string): string {
  const text = mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = new RegExp(`${label} +${INBOX.baseUrl.replace(/\./g, '\\.')}/links/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no "${label}" link in: ${text}`);
  return match[1]!;
}

describe('decision links in approval emails', () => {
  it('mails signed approve/reject links bound to the thread, slot and approver; a decision by link records via', async () => {
    await withWorker(
      FLOWS,
      async (h) => {
        const threadId = newThread('links');
        const pending = await awaitingApproval(env, h, threadId);
        const now = await env.currentTimeMs();

        const [mail] = await mailTo(h.sent, APPROVER);
        const approve = verifyDecisionLink(INBOX.secret, linkToken(mail!, 'Approve in one click:'), now);
        const reject = verifyDecisionLink(INBOX.secret, linkToken(mail!, 'Reject in one click:'), now);
        expect(approve).toMatchObject({ threadId, subject: 'purchase', decision: 'approved', approver: APPROVER, slot: pending.approval!.requestedAt });
        expect(reject).toMatchObject({ decision: 'rejected', approver: APPROVER });
        expect(approve.id).not.toBe(reject.id);
        expect(mail).toContain(`orchestrator approve ${threadId}`); // the command line still works

        const decision = await decideApproval(env.client, threadId, 'approvePurchase', { approver: APPROVER, via: 'link' }, { updateId: approve.id });
        expect(decision).toMatchObject({ decision: 'approved', approver: APPROVER, via: 'link' });
        const summary = await waitForThreadSummary(env.client, threadId);
        expect(summary.reason).toBe('procurement ordered');
        expect(((await getThreadState(env.client, threadId)).flowState as unknown as Procurement).approval?.decision?.via).toBe('link');
        await maybeRecordHistory(env, threadWorkflowId(threadId), undefined, 'procurement-approved-by-link');
      },
      { inbox: INBOX },
    );
  }, 120_000);

  it('links the notice to a support agent to the page of the thread in the inbox, where the draft waits in the editor', async () => {
    await withWorker(
      {},
      async (h) => {
        const threadId = newThread('complaint');
        const complaint =
          'This is the worst service I have ever had! The running shoes from order B20931 fell apart after one week. I am furious.\n\nPeter Hall';
        const receivedAt = new Date(await env.currentTimeMs());
        await deliver(env, h.taskQueue, supportEmail(threadId, { from: PETER, subject: 'Running shoes fell apart', text: complaint, receivedAt }));
        await waitForState<Support>(env, threadId, (s) => s.step === 'awaiting-agent');
        const [notice] = await mailTo(h.sent, 'agent@orchestrator.local');
        const text = notice!.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
        expect(text).toContain(`Answer in the task inbox (the draft is in the editor): ${inboxThreadUrl(INBOX.baseUrl, threadId)}`);
        expect(text).toContain(`orchestrator reply ${threadId}`); // the command line still works
      },
      { inbox: INBOX },
    );
  }, 60_000);
});
