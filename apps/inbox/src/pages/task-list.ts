import type { Task } from '../tasks';
import type { SafeHtml } from './html';
import { age, html, money, threadPath, when } from './html';
import type { PageSession } from './layout';
import { layout } from './layout';

const KIND_LABELS: Record<Task['kind'], string> = {
  'purchase-approval': 'Purchase approval',
  'refund-approval': 'Refund approval',
  'support-reply': 'Customer waiting',
};

/** The task table alone: refreshed in place by the page's script (`/tasks/fragment`). */
export function taskTable(tasks: Task[], now = Date.now()): SafeHtml {
  if (tasks.length === 0) return html`<p class="empty" data-testid="no-tasks">Nothing is waiting for you.</p>`;
  return html`<table class="tasks">
    <caption class="visually-hidden">
      Tasks waiting for you, oldest first
    </caption>
    <thead>
      <tr>
        <th scope="col">Task</th>
        <th scope="col">About</th>
        <th scope="col">Amount</th>
        <th scope="col">Requester</th>
        <th scope="col">Waiting</th>
        <th scope="col">Deadline</th>
      </tr>
    </thead>
    <tbody>
      ${tasks.map(
        (t) =>
          html`<tr data-testid="task" data-thread="${t.threadId}" data-kind="${t.kind}">
            <td>
              <a href="${threadPath(t.threadId)}">${KIND_LABELS[t.kind]}</a
              >${t.progress ? html`<br /><span class="progress" data-testid="progress">${t.progress}</span>` : ''}
            </td>
            <td>${t.summary}</td>
            <td class="num">${money(t.amount, t.currency)}</td>
            <td>${t.requester}</td>
            <td>${age(t.since, now)}</td>
            <td>${t.breached ? html`<span class="late">overdue</span>` : when(t.deadline)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** *My tasks*: the table, kept current by polling (works without the script, by reloading). */
export function taskListPage(tasks: Task[], session: PageSession, flash?: string): string {
  return layout(
    'My tasks',
    html`<h1>My tasks</h1>
      ${flash ? html`<p class="flash" role="status" data-testid="flash">${flash}</p>` : ''}
      <div id="tasks" data-refresh="/tasks/fragment" aria-live="polite">${taskTable(tasks)}</div>`,
    session,
  );
}
