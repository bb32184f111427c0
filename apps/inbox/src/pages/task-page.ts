import { randomUUID } from 'node:crypto';
import type { ApprovalState, ProcurementFlowState, SupportFlowState, ThreadState } from '@org/orchestrator-contracts';
import { approvalProgress } from '@org/orchestrator-contracts';
import type { SafeHtml } from './html';
import { html, money, threadPath, when } from './html';
import type { PageSession } from './layout';
import { layout } from './layout';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The policy of an approval, each approver's decision and who is still awaited (nothing for one asked before policies). */
function policyRecord(approval: ApprovalState): SafeHtml {
  const progress = approvalProgress(approval);
  if (!progress) return html``;
  const decisions = approval.decisions ?? [];
  return html`<div data-testid="approval-policy">
    <p>
      Policy: <strong>${progress.policy}</strong> ${progress.mode === 'all' ? 'must approve' : 'decides'}.
      <span data-testid="approval-progress">${progress.summary}</span>.
    </p>
    <ul data-testid="approval-decisions">
      ${decisions.map(
        (d) =>
          html`<li>
            ${d.approver}: <strong>${d.decision}</strong>${d.via ? ` via ${d.via}` : ''}, ${when(d.decidedAt)}${d.comment ? html` — “${d.comment}”` : ''}
          </li>`,
      )}
      ${progress.awaited.map((a) => html`<li data-testid="awaited">${a}: <em>awaited</em></li>`)}
    </ul>
  </div>`;
}

/** Who decided what, how and when (the identity and channel the thread recorded), and the policy's progress. */
function decisionRecord(approval: ApprovalState | undefined): SafeHtml {
  if (!approval) return html``;
  const d = approval.decision;
  const settled = d
    ? html`<p data-testid="decision">
        Decision: <strong>${d.decision}</strong> by ${d.approver}${d.via ? ` via ${d.via}` : ''},
        ${when(d.decidedAt)}${d.comment ? html` — “${d.comment}”` : ''}
      </p>`
    : html``;
  if (approval.mode) return html`${settled}${policyRecord(approval)}`;
  return d ? settled : html`<p>Status: <strong>${approval.status}</strong>. May decide: ${approval.approvers.join(', ')}.</p>`;
}

/** The approve/reject form of a pending approval, if `person` may decide it. */
function approvalForm(threadId: string, approval: ApprovalState | undefined, person: string, csrf: string): SafeHtml {
  if (!approval || approval.status !== 'pending') return html``;
  if (!approval.approvers.some((a) => same(a, person))) {
    const awaited = approvalProgress(approval)?.awaited;
    return html`<p>Waiting for ${approval.mode === 'all' && awaited ? awaited.join(' and ') : approval.approvers.join(' or ')}.</p>`;
  }
  if (approval.requestedBy && same(approval.requestedBy, person)) return html`<p>You asked for this, so another approver decides it.</p>`;
  const mine = (approval.decisions ?? []).find((d) => same(d.approver, person));
  if (mine) return html`<p data-testid="already-decided">You ${mine.decision} this; it waits for the other approvers.</p>`;
  return html`<form method="post" action="${threadPath(threadId)}/decision" class="card" data-testid="approval-form">
    <h2>Your decision</h2>
    <p>
      Why a person decides: ${approval.reason}. Escalates to ${approval.escalateTo} ${approval.escalated ? '(escalated)' : `at ${when(approval.escalateAt)}`}.
    </p>
    <input type="hidden" name="_csrf" value="${csrf}" />
    <input type="hidden" name="subject" value="${approval.subject}" />
    <input type="hidden" name="slot" value="${approval.requestedAt}" />
    <input type="hidden" name="updateId" value="${randomUUID()}" />
    <label for="comment">Comment (optional)</label>
    <textarea id="comment" name="comment" rows="3" maxlength="2000"></textarea>
    <div class="actions">
      <button type="submit" name="action" value="approve" class="approve">Approve ${money(approval.amount, approval.currency)}</button>
      <button type="submit" name="action" value="reject" class="reject">Reject</button>
    </div>
  </form>`;
}

function purchaseSection(threadId: string, flow: ProcurementFlowState, person: string, csrf: string): SafeHtml {
  const rfqs = Object.values(flow.rfqs ?? {});
  const ranking = new Map((flow.comparison?.ranking ?? []).map((r) => [r.supplierId, r]));
  return html`<section aria-labelledby="request-h">
      <h2 id="request-h">Request</h2>
      <p>
        From
        ${flow.requester}${flow.request?.budget != null ? `, budget ${money(flow.request.budget, flow.request.currency ?? '')}` : ''}${flow.request?.neededBy ? `, needed by ${flow.request.neededBy}` : ''}${flow.request?.deliveryLocation ? `, to ${flow.request.deliveryLocation}` : ''}.
      </p>
      <ul>
        ${(flow.request?.items ?? []).map((i) => html`<li>${i.quantity ?? '?'} ${i.unit ?? '×'} ${i.name}${i.specification ? ` (${i.specification})` : ''}</li>`)}
      </ul>
    </section>
    <section aria-labelledby="quotes-h">
      <h2 id="quotes-h">Quotes</h2>
      <div class="quotes" data-testid="quotes">
        ${rfqs.map((r) => {
          const rank = ranking.get(r.supplierId);
          const best = flow.comparison?.best === r.supplierId;
          return html`<article class="quote${best ? ' best' : ''}" aria-label="${r.supplierName}">
            <h3>${r.supplierName}${best ? html` <span class="badge">best</span>` : ''}</h3>
            <p>Status: ${r.status}</p>
            ${
              r.quote
                ? html`<table>
                      <tbody>
                        ${r.quote.lines.map(
                          (l) =>
                            html`<tr>
                              <td>${l.quantity ?? ''} ${l.item}</td>
                              <td class="num">${money(l.unitPrice ?? undefined, r.quote?.currency ?? '')}</td>
                            </tr>`,
                        )}
                      </tbody>
                    </table>
                    ${r.quote.total != null ? html`<p>Total <strong>${money(r.quote.total, r.quote.currency ?? '')}</strong>${r.quote.leadTimeDays != null ? `, delivery in ${r.quote.leadTimeDays} days` : ''}${r.quote.validUntil ? `, valid until ${r.quote.validUntil}` : ''}</p>` : ''}
                    ${r.quote.conditions.length ? html`<p>${r.quote.conditions.join('; ')}</p>` : ''}
                    ${r.quote.declineReason ? html`<p>Declined: ${r.quote.declineReason}</p>` : ''}`
                : ''
            }
            ${rank ? html`<p class="${rank.eligible ? '' : 'late'}">${rank.eligible ? 'Eligible' : 'Not eligible'}${[...rank.reasons, ...rank.notes].length ? `: ${[...rank.reasons, ...rank.notes].join('; ')}` : ''}</p>` : ''}
          </article>`;
        })}
      </div>
      ${(flow.comparison?.rejected ?? []).length ? html`<p>Not compared: ${(flow.comparison?.rejected ?? []).map((r) => `${r.supplierId} (${r.reason})`).join(', ')}</p>` : ''}
    </section>
    <section aria-labelledby="approval-h">
      <h2 id="approval-h">Approval</h2>
      ${decisionRecord(flow.approval)} ${approvalForm(threadId, flow.approval, person, csrf)}
      ${flow.purchaseOrder ? html`<p>Purchase order ${flow.purchaseOrder.number} to ${flow.purchaseOrder.supplierId}, ${money(flow.purchaseOrder.total, flow.purchaseOrder.currency)}.</p>` : ''}
    </section>`;
}

function supportSection(threadId: string, flow: SupportFlowState, person: string, csrf: string): SafeHtml {
  const reply = flow.agentReply;
  const mayReply = reply?.status === 'awaiting' && reply.agents.some((a) => same(a, person));
  return html`<section aria-labelledby="conv-h">
      <h2 id="conv-h">Conversation with ${flow.customer}</h2>
      <p>
        Intent ${flow.intent}, urgency ${flow.urgency}, sentiment
        ${flow.sentiment}${flow.ticket ? `, ticket ${flow.ticket.id} (${flow.ticket.reason})` : ''}${flow.sla ? `; first answer due ${when(flow.sla.deadline)}${flow.sla.breached ? ' (breached)' : ''}` : ''}.
      </p>
      ${flow.summary ? html`<p class="summary">Earlier: ${flow.summary}</p>` : ''}
      <ol class="turns">
        ${flow.turns.map(
          (t) =>
            html`<li>
              <p class="meta">${when(t.at)} · ${t.intent}</p>
              <blockquote>${t.excerpt}</blockquote>
              ${t.answerExcerpt ? html`<p class="answer">Answered ${t.answeredBy === 'agent' ? `by ${t.agent ?? 'an agent'}` : 'automatically'}: ${t.answerExcerpt}</p>` : ''}
              ${t.refusals?.length ? html`<p class="refusals" data-testid="refusals">The drafted answer was not sent: ${t.refusals.join('; ')}</p>` : ''}
            </li>`,
        )}
      </ol>
    </section>
    ${
      flow.approval
        ? html`<section aria-labelledby="refund-h">
            <h2 id="refund-h">Refund of ${money(flow.approval.amount, flow.approval.currency)}</h2>
            ${decisionRecord(flow.approval)}${approvalForm(threadId, flow.approval, person, csrf)}
          </section>`
        : ''
    }
    <section aria-labelledby="reply-h">
      <h2 id="reply-h">Reply</h2>
      ${reply?.status === 'received' ? html`<p data-testid="reply-record">Answered by ${reply.agent}${reply.via ? ` via ${reply.via}` : ''}, ${when(reply.acceptedAt)}.</p>` : ''}
      ${
        mayReply
          ? html`<form method="post" action="${threadPath(threadId)}/decision" class="card" data-testid="reply-form">
              <input type="hidden" name="_csrf" value="${csrf}" />
              <input type="hidden" name="updateId" value="${randomUUID()}" />
              ${reply.draft ? html`<p data-testid="draft-note">The editor holds the answer drafted for this message, which was not sent (see why above): edit it or replace it.</p>` : ''}
              <label for="reply">Your answer to ${flow.customer}</label>
              <textarea id="reply" name="reply" rows="8" maxlength="20000" required>${reply.draft ?? ''}</textarea>
              <div class="actions"><button type="submit" name="action" value="reply">Send reply</button></div>
            </form>`
          : reply?.status === 'awaiting'
            ? html`<p>Waiting for ${reply.agents.join(' or ')}.</p>`
            : ''
      }
    </section>`;
}

/** *A task*: everything a person needs to decide one thread, and the form to do it. */
export function taskPage(state: ThreadState, session: PageSession, flash?: string): string {
  const body =
    state.flow === 'procurement'
      ? purchaseSection(state.threadId, state.flowState as unknown as ProcurementFlowState, session.email, session.csrf)
      : state.flow === 'support'
        ? supportSection(state.threadId, state.flowState as unknown as SupportFlowState, session.email, session.csrf)
        : html`<p>This thread has nothing for the inbox.</p>`;
  const subject = state.messages[0]?.subject ?? state.threadId;
  return layout(
    subject,
    html`<p><a href="/">← My tasks</a></p>
      <h1>${subject}</h1>
      ${flash ? html`<p class="flash" role="status" data-testid="flash">${flash}</p>` : ''}
      <p class="meta">Thread ${state.threadId} · ${state.flow ?? 'not routed'} · ${state.status}</p>
      ${body}`,
    session,
  );
}
