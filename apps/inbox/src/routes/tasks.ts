import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ThreadState } from '@org/orchestrator-contracts';
import type { SupportFlowState } from '@org/orchestrator-contracts';
import { approvalOf, decideOnApproval, replyToCustomer, threadStateOrNone } from '../decide';
import { threadPath } from '../pages/html';
import { messagePage } from '../pages/layout';
import type { PageSession } from '../pages/layout';
import { taskListPage, taskTable } from '../pages/task-list';
import { taskPage } from '../pages/task-page';
import type { InboxContext } from '../server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Outcomes shown after a redirect, by code (never free text from the URL). */
const FLASHES: Record<string, string> = {
  approved: 'Approved. The thread goes on.',
  rejected: 'Rejected. The requester is told.',
  replied: 'Your reply is on its way to the customer.',
};

/** Whether `person` is named on the thread: an approver of its approval, or one of its agents. */
function involved(state: ThreadState, person: string): boolean {
  const p = person.toLowerCase();
  const approval = approvalOf(state);
  if (approval?.approvers.some((a) => a.toLowerCase() === p)) return true;
  if (state.flow === 'support') {
    const flow = state.flowState as unknown as SupportFlowState;
    if (flow.agentReply?.agents.some((a) => a.toLowerCase() === p) || flow.ticket?.assignee.toLowerCase() === p) return true;
  }
  return false;
}

/** *My tasks*, the refreshed table, *a task* and its decision form. */
export function registerTaskRoutes(ctx: InboxContext): void {
  const { app, page } = ctx;
  const signedIn = (request: FastifyRequest, reply: FastifyReply): PageSession | undefined => ctx.pageSession(request, reply);

  app.get<{ Querystring: { flash?: string } }>('/', async (request, reply) => {
    const session = signedIn(request, reply);
    if (!session) return page(reply, 200, ctx.signInPage(reply));
    const tasks = await ctx.tasks.find(session.email);
    return page(reply, 200, taskListPage(tasks, session, FLASHES[request.query.flash ?? '']));
  });

  app.get('/tasks/fragment', async (request, reply) => {
    const session = ctx.session(request);
    if (!session) return reply.code(401).type('text/plain').send('sign in again');
    return reply.type('text/html; charset=utf-8').send(taskTable(await ctx.tasks.find(session.email)).value);
  });

  app.get<{ Params: { thread: string }; Querystring: { flash?: string } }>('/threads/:thread', async (request, reply) => {
    const session = signedIn(request, reply);
    if (!session) return page(reply, 401, ctx.signInPage(reply, { next: threadPath(request.params.thread) }));
    const state = await threadStateOrNone(ctx.client, request.params.thread);
    // Threads that name someone else look the same as no thread at all.
    if (!state || !involved(state, session.email)) return page(reply, 404, messagePage('Not found', 'There is no such task for you.', session));
    return page(reply, 200, taskPage(state, session, FLASHES[request.query.flash ?? '']));
  });

  app.post<{ Params: { thread: string }; Body: Record<string, string | undefined> }>(
    '/threads/:thread/decision',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const session = signedIn(request, reply);
      if (!session) return page(reply, 401, messagePage('Sign in first', 'Your session has ended. Sign in again; nothing was decided.'));
      const body = request.body ?? {};
      const threadId = request.params.thread;
      const updateId = String(body['updateId'] ?? '');
      if (!UUID.test(updateId)) return page(reply, 400, messagePage('Refused', 'This form is incomplete. Open the task again.', session));
      const action = body['action'];
      let outcome;
      if (action === 'approve' || action === 'reject') {
        const subject = body['subject'];
        if (subject !== 'purchase' && subject !== 'refund') return page(reply, 400, messagePage('Refused', 'Unknown approval.', session));
        outcome = await decideOnApproval(ctx.client, threadId, {
          subject,
          decision: action === 'approve' ? 'approved' : 'rejected',
          slot: String(body['slot'] ?? ''),
          approver: session.email,
          comment: String(body['comment'] ?? '').trim() || undefined,
          via: 'inbox',
          updateId,
        });
      } else if (action === 'reply') {
        outcome = await replyToCustomer(ctx.client, threadId, session.email, String(body['reply'] ?? ''), updateId);
      } else {
        return page(reply, 400, messagePage('Refused', 'Unknown action.', session));
      }
      if (!outcome.ok) return page(reply, outcome.status, messagePage('Not done', outcome.message, session));
      ctx.tasks.forget();
      request.log.info({ event: 'inbox.decision', threadId, action, by: session.email, via: 'inbox' }, outcome.message);
      const flash = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'replied';
      return reply.redirect(`/?flash=${flash}`, 303);
    },
  );
}
