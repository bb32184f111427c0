import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ProcurementFlowState, SupportFlowState } from '@org/orchestrator-contracts';
import { getThreadState, signDecisionLink } from '@org/orchestrator-contracts/client';
import type { ReceivedMail } from '@org/orchestrator-testing';
import { chromiumPath, createLocalTestEnv, eventually } from '@org/orchestrator-testing';
import type { FlowStack } from './flow-stack';
import { recipients, startFlowStack } from './flow-stack';
import { SCREENSHOT_DIR, inboxAddress, linkIn, startInbox } from './inbox-support';

// The task inbox in a real browser (Debian's Chromium, driven by playwright-core), against a real
// Temporal dev server, a worker with every flow, the SMTP ingress and an SMTP sink. People sign in
// by the link mailed to them, decide purchases in the inbox and by one-click links, answer a customer.

const PURCHASING = 'purchasing@orchestrator.test';
const SUPPORT = 'support@orchestrator.test';
const APPROVER = 'approver@orchestrator.local';
const SECOND_APPROVER = 'finance.director@orchestrator.local';
/** With the primary approver, must approve purchases above 6000 EUR (an `all` policy). */
const CFO = 'cfo@orchestrator.local';
const AGENT = 'agent@orchestrator.local';
const REQUESTER = 'alice@example.com';
const SECRET = 'inbox-browser-test-secret-0123456789abcdef';
const SUPPLIERS = { northwind: 'sales@northwind-it.example', contoso: 'quotes@contoso-computing.example', fabrikam: 'orders@fabrikam-displays.example' };

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const QUOTES: Record<keyof typeof SUPPLIERS, () => string> = {
  northwind: () =>
    'Dear Alice,\n\nWe are pleased to offer:\n\n| Item | Qty | Unit price | Total |\n|---|---|---|---|\n' +
    '| Laptop Dell Latitude 5440 | 4 | EUR 1.150,00 | EUR 4.600,00 |\n| Monitor Dell P2723D | 4 | EUR 279,00 | EUR 1.116,00 |\n\n' +
    `Total (net): EUR 5.716,00\n\nDelivery within 2 weeks after order. The offer is valid until ${day(90)}.\n\nKind regards\nNorthwind IT`,
  contoso: () =>
    'Hi Alice,\n\nWe can offer the following:\n\n- 4 x Laptop Dell Latitude 5440 @ EUR 1,090.00 each\n- 4 x Monitor Dell P2723D @ EUR 265.00 each\n\n' +
    `Total: EUR 5,420.00. Delivery in 10 days from your order, prices valid until ${day(90)}.\n\nRegards,\nContoso Computing`,
  fabrikam: () =>
    'Hello Alice,\n\nUnfortunately we are unable to quote: we only sell monitors, and those are out of stock.\n\nBest regards,\nFabrikam Displays',
};

let env: TestWorkflowEnvironment;
let stack: FlowStack;
let inbox: Awaited<ReturnType<typeof startInbox>>;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  const address = await inboxAddress();
  baseUrl = address.baseUrl;
  env = await createLocalTestEnv();
  stack = await startFlowStack(env, {
    prefix: 'inbox-browser',
    acceptDomains: ['orchestrator.test'],
    inbox: { baseUrl, secret: SECRET },
    flows: {
      searchAttributes: true,
      procurement: {
        correctionWindowMs: 1_000,
        quoteWindowMs: 60_000,
        supplierReminderAfterMs: 60_000,
        approval: { approvers: { primary: APPROVER, secondary: SECOND_APPROVER } },
        approvalPolicy: { mode: 'all', tiers: [{ above: 6000, approvers: [APPROVER, CFO] }] },
      },
      support: { agents: [AGENT] },
      mailboxes: { procurement: { address: PURCHASING }, support: { address: SUPPORT } },
      trust: { procurementRequesters: { domains: ['example.com'] } },
    },
  });
  inbox = await startInbox(env, stack, { ...address, secret: SECRET, approvers: [APPROVER, SECOND_APPROVER, CFO], agents: [AGENT] });
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await inbox?.close();
  await stack?.stop();
  await env?.teardown();
});

let counter = 0;
const uniqueId = (name: string, domain: string) => `<${name}.${Date.now().toString(36)}.${++counter}@${domain}>`;

/** Above the policy's tier: Northwind declines, Contoso offers 6620 EUR. */
const OVER_TIER_QUOTES: Partial<typeof QUOTES> = {
  northwind: QUOTES.fabrikam,
  contoso: () => QUOTES.contoso().replace('EUR 1,090.00', 'EUR 1,390.00').replace('EUR 5,420.00', 'EUR 6,620.00'),
};

/** Sends a purchase request and the three suppliers' answers; resolves with the thread id once approval is pending. */
async function purchaseAwaitingApproval(quotes: Partial<typeof QUOTES> = {}): Promise<string> {
  const threadId = uniqueId('purchase', 'example.com');
  await stack.send({
    from: `Alice <${REQUESTER}>`,
    to: PURCHASING,
    subject: `Purchase request ${counter}: laptops and monitors`,
    text: `Hello purchasing,\n\nWe need 4 laptops (Dell Latitude 5440) and 4 monitors (Dell P2723D). Budget 8000 EUR. Needed by ${day(60)}. Deliver to the Berlin office.\n\nThanks, Alice`,
    messageId: threadId,
  });
  // The RFQs this request sent, by the Message-IDs its state records.
  const rfqIds = await eventually(
    'three RFQs sent',
    async () => {
      const rfqs = Object.values(((await getThreadState(env.client, threadId)).flowState as unknown as ProcurementFlowState).rfqs ?? {});
      return rfqs.length === 3 && rfqs.map((r) => r.rfqMessageId);
    },
    60_000,
  );
  const rfqs = await stack.waitForMail('RFQs', (m) => rfqIds.includes(m.parsed.messageId ?? ''), 3);
  for (const [supplier, address] of Object.entries(SUPPLIERS) as [keyof typeof SUPPLIERS, string][]) {
    const rfq = rfqs.find((m) => recipients(m).includes(address))!;
    await stack.send({
      from: address,
      to: PURCHASING,
      subject: `Re: ${rfq.parsed.subject}`,
      text: (quotes[supplier] ?? QUOTES[supplier])(),
      messageId: uniqueId(`quote.${supplier}`, address.split('@')[1]!),
      inReplyTo: rfq.parsed.messageId,
      references: [rfq.parsed.messageId!],
    });
  }
  await eventually(
    'approval pending',
    async () => ((await getThreadState(env.client, threadId)).flowState as unknown as ProcurementFlowState).approval?.status === 'pending',
    60_000,
  );
  return threadId;
}

/** Signs `who` in through the browser: the form, the mailed link, its confirmation button. */
async function signIn(context: BrowserContext, who: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email address').fill(who);
  const isSignIn = (m: ReceivedMail) => recipients(m).includes(who) && /sign-in link/.test(m.parsed.subject ?? '');
  const before = stack.received(isSignIn).length;
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByText('Check your mail').first().waitFor();
  const mails = await stack.waitForMail(`sign-in link for ${who}`, isSignIn, before + 1);
  await page.goto(linkIn(mails.at(-1)!, /http:\/\/127\.0\.0\.1:\d+\/sign-in\/[A-Za-z0-9_.-]+/));
  await page.getByRole('button', { name: 'Continue to the inbox' }).click();
  await page.getByTestId('identity').waitFor();
  expect(await page.getByTestId('identity').textContent()).toBe(who);
  return page;
}

describe('the task inbox in Chromium', () => {
  let first: string;
  let second: string;

  it('signs an approver in by mailed link; the list shows a new task without a reload; approving orders', async () => {
    const context = await browser.newContext();
    first = await purchaseAwaitingApproval();
    const page = await signIn(context, APPROVER);
    await page.locator(`[data-testid=task][data-thread="${first}"]`).waitFor();

    // The second purchase reaches approval while the list is open: it appears without a reload.
    second = await purchaseAwaitingApproval();
    await page.locator(`[data-testid=task][data-thread="${second}"]`).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'my-tasks.png'), fullPage: true });

    await page.locator(`[data-testid=task][data-thread="${first}"] a`).click();
    await page.getByTestId('quotes').waitFor();
    expect(await page.locator('.quote').count()).toBe(3);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'purchase-task.png'), fullPage: true });
    await page.getByLabel('Comment (optional)').fill('fine for the new team');
    await page.getByRole('button', { name: /^Approve/ }).click();
    await page.getByTestId('flash').waitFor();
    // Back on the list, the decided purchase is gone and the other one still waits.
    expect(await page.locator(`[data-testid=task][data-thread="${first}"]`).count()).toBe(0);
    expect(await page.locator(`[data-testid=task][data-thread="${second}"]`).count()).toBe(1);

    const state = (await getThreadState(env.client, first)).flowState as unknown as ProcurementFlowState;
    expect(state.approval?.decision).toMatchObject({ decision: 'approved', approver: APPROVER, via: 'inbox', comment: 'fine for the new team' });
    await stack.waitForMail(
      'the purchase order',
      (m) => recipients(m).includes(SUPPLIERS.contoso) && /^Purchase order /.test(m.parsed.subject ?? '') && (m.parsed.text ?? '').length > 0,
    );
    await context.close();
  }, 150_000);

  it('rejects by one-click link: the GET only asks, the approver confirms, a replay changes nothing', async () => {
    const [mail] = await stack.waitForMail(
      'approval mail of the second purchase',
      (m) => recipients(m).includes(APPROVER) && (m.parsed.text ?? '').includes(second),
    );
    const approveLink = linkIn(mail!, /(?<=Approve in one click: +)\S+/);
    const rejectLink = linkIn(mail!, /(?<=Reject in one click: +)\S+/);
    expect(rejectLink).toMatch(new RegExp(`^${baseUrl}/links/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    expect(approveLink).not.toBe(rejectLink);

    // A scanner (no session) fetching the link changes nothing.
    const scanner = await fetch(rejectLink);
    expect(scanner.status).toBe(401);
    const pending = () => getThreadState(env.client, second).then((s) => (s.flowState as unknown as ProcurementFlowState).approval);
    expect((await pending())?.status).toBe('pending');

    const context = await browser.newContext();
    const page = await signIn(context, APPROVER);
    await page.goto(rejectLink);
    await page.getByTestId('link-confirm').waitFor();
    expect((await pending())?.status).toBe('pending'); // the GET decided nothing
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'link-confirm.png'), fullPage: true });
    const csrf = await page.locator('[data-testid=link-confirm] input[name=_csrf]').inputValue();
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByTestId('decision').waitFor();
    const decided = await pending();
    expect(decided?.decision).toMatchObject({ decision: 'rejected', approver: APPROVER, via: 'link' });
    await stack.waitForMail('the rejection to the requester', (m) => recipients(m).includes(REQUESTER) && /not approved/.test(m.parsed.text ?? ''));

    // The same link again: the GET says so, a replayed POST is refused; the decision stays as it was.
    await page.goto(rejectLink);
    expect(await page.getByRole('heading', { name: 'Already decided' }).count()).toBe(1);
    const replay = await page.request.post(rejectLink, { form: { _csrf: csrf }, maxRedirects: 0 });
    expect(replay.status()).toBe(409);
    expect((await pending())?.decision).toEqual(decided?.decision);
    await context.close();
  }, 120_000);

  it('refuses forged, expired and other people’s links, unlisted addresses, and POSTs without CSRF token or session', async () => {
    const third = await purchaseAwaitingApproval();
    const slot = ((await getThreadState(env.client, third)).flowState as unknown as ProcurementFlowState).approval!.requestedAt;
    const link = { threadId: third, subject: 'purchase' as const, decision: 'approved' as const, approver: APPROVER, slot };
    const valid = signDecisionLink(SECRET, link, Date.now() + 3600_000);
    const forged = signDecisionLink('another-secret-of-at-least-32-bytes-long!!', link, Date.now() + 3600_000);
    const tampered = `${valid.slice(0, 20)}${valid[20] === 'A' ? 'B' : 'A'}${valid.slice(21)}`;
    const expired = signDecisionLink(SECRET, link, Date.now() - 1000);
    const forSomeoneElse = signDecisionLink(SECRET, { ...link, approver: SECOND_APPROVER }, Date.now() + 3600_000);

    const context = await browser.newContext();
    const page = await signIn(context, APPROVER);
    for (const [token, text] of [
      [forged, 'not valid'],
      [tampered, 'not valid'],
      [expired, 'expired'],
    ] as const) {
      const response = await page.goto(`${baseUrl}/links/${token}`);
      expect(response?.status()).toBe(400);
      expect(await page.locator('main').textContent()).toContain(text);
    }
    const csrf = await page.evaluate(async () => {
      const html = await (await fetch('/')).text();
      return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    });
    for (const token of [forged, tampered, expired]) {
      expect((await page.request.post(`${baseUrl}/links/${token}`, { form: { _csrf: csrf }, maxRedirects: 0 })).status()).toBe(400);
    }
    // Signed in as the primary approver, a link made for the second approver asks for them.
    expect((await page.goto(`${baseUrl}/links/${forSomeoneElse}`))?.status()).toBe(401);
    expect((await page.request.post(`${baseUrl}/links/${forSomeoneElse}`, { form: { _csrf: csrf }, maxRedirects: 0 })).status()).toBe(403);
    // No CSRF token, a token from another session: refused.
    expect((await page.request.post(`${baseUrl}/links/${valid}`, { form: {}, maxRedirects: 0 })).status()).toBe(403);
    const form = { action: 'approve', subject: 'purchase', slot, updateId: '6f1f0a8e-3d4c-4a7b-9e2f-0c1d2e3f4a5b' };
    expect((await page.request.post(`${baseUrl}/threads/${encodeURIComponent(third)}/decision`, { form, maxRedirects: 0 })).status()).toBe(403);
    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(`${baseUrl}/`);
    const anonymousCsrf = await strangerPage.locator('input[name=_csrf]').first().inputValue();
    expect(
      (
        await strangerPage.request.post(`${baseUrl}/threads/${encodeURIComponent(third)}/decision`, {
          form: { ...form, _csrf: anonymousCsrf },
          maxRedirects: 0,
        })
      ).status(),
    ).toBe(401);
    expect(
      (
        await strangerPage.request.post(`${baseUrl}/threads/${encodeURIComponent(third)}/decision`, { form: { ...form, _csrf: csrf }, maxRedirects: 0 })
      ).status(),
    ).toBe(403);

    // An address on no list gets the same page, and no mail.
    await strangerPage.getByLabel('Email address').fill('mallory@example.com');
    await strangerPage.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await strangerPage.getByText('Check your mail').first().waitFor();
    await new Promise((r) => setTimeout(r, 1000));
    expect(stack.mailTo('mallory@example.com')).toEqual([]);
    expect(await strangerPage.getByTestId('identity').count()).toBe(0);

    expect(((await getThreadState(env.client, third)).flowState as unknown as ProcurementFlowState).approval?.status).toBe('pending');
    await stranger.close();
    await context.close();
  }, 150_000);

  it('an all policy: two approvers sign in and approve; the purchase order goes out only after the second', async () => {
    const threadId = await purchaseAwaitingApproval(OVER_TIER_QUOTES);
    const approval = () => getThreadState(env.client, threadId).then((s) => (s.flowState as unknown as ProcurementFlowState).approval);
    expect(await approval()).toMatchObject({ amount: 6620, mode: 'all', required: [APPROVER, CFO], tierAbove: 6000 });
    const isOrder = (m: ReceivedMail) => recipients(m).includes(SUPPLIERS.contoso) && /^Purchase order /.test(m.parsed.subject ?? '');
    const ordersBefore = stack.received(isOrder).length;
    const task = `[data-testid=task][data-thread="${threadId}"]`;

    const cfoContext = await browser.newContext();
    const cfo = await signIn(cfoContext, CFO);
    await cfo.locator(task).waitFor({ timeout: 20_000 });
    expect(await cfo.locator(`${task} [data-testid=progress]`).textContent()).toBe('0 of 2 approved');
    await cfo.locator(`${task} a`).click();
    expect(await cfo.getByTestId('approval-policy').textContent()).toContain('all of 2 approvers (above 6000 EUR)');
    expect(await cfo.getByTestId('awaited').allTextContents()).toEqual([`${APPROVER}: awaited`, `${CFO}: awaited`]);
    await cfo.getByRole('button', { name: /^Approve/ }).click();
    await cfo.getByTestId('flash').waitFor();
    expect(await cfo.locator(task).count()).toBe(0); // decided: nothing left for the CFO
    await cfo.goto(`${baseUrl}/threads/${encodeURIComponent(threadId)}`);
    expect(await cfo.getByTestId('already-decided').count()).toBe(1);
    expect(await approval()).toMatchObject({ status: 'pending', decisions: [{ approver: CFO, decision: 'approved', via: 'inbox' }] });

    const approverContext = await browser.newContext();
    const approver = await signIn(approverContext, APPROVER);
    await approver.locator(task).waitFor({ timeout: 20_000 });
    expect(await approver.locator(`${task} [data-testid=progress]`).textContent()).toBe('1 of 2 approved');
    await approver.screenshot({ path: join(SCREENSHOT_DIR, 'policy-progress.png'), fullPage: true });
    await approver.locator(`${task} a`).click();
    expect(await approver.getByTestId('approval-decisions').textContent()).toContain(`${CFO}: approved via inbox`);
    expect(await approver.getByTestId('awaited').allTextContents()).toEqual([`${APPROVER}: awaited`]);
    await approver.screenshot({ path: join(SCREENSHOT_DIR, 'policy-task.png'), fullPage: true });
    // One approval in: no purchase order yet (the mail went out for none of the earlier ones either).
    expect(stack.received(isOrder).length).toBe(ordersBefore);
    await approver.getByRole('button', { name: /^Approve/ }).click();
    await approver.getByTestId('flash').waitFor();
    const [order] = (await stack.waitForMail('the purchase order after the second approval', isOrder, ordersBefore + 1)).slice(ordersBefore);
    expect(order!.parsed.text).toContain('6620.00');
    expect(await approval()).toMatchObject({ status: 'approved', decisions: [{ approver: CFO }, { approver: APPROVER }] });
    await cfoContext.close();
    await approverContext.close();
  }, 180_000);

  it('lets an agent answer an escalated customer; the reply reaches the customer, threaded', async () => {
    const threadId = uniqueId('complaint', 'mail.example');
    await stack.send({
      from: 'Peter Hall <p.hall@mail.example>',
      to: SUPPORT,
      subject: 'Running shoes fell apart',
      text: 'This is the worst service I have ever had! The running shoes from order B20931 fell apart after one week. I am furious and disappointed.\n\nPeter Hall',
      messageId: threadId,
    });
    await eventually(
      'awaiting an agent',
      async () => ((await getThreadState(env.client, threadId)).flowState as unknown as SupportFlowState).step === 'awaiting-agent',
      60_000,
    );
    const context = await browser.newContext();
    const page = await signIn(context, AGENT);
    await page.locator(`[data-testid=task][data-thread="${threadId}"] a`).click({ timeout: 20_000 });
    await page.getByTestId('reply-form').waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'support-task.png'), fullPage: true });
    // The editor starts from the answer drafted for the customer and not sent, as the thread holds it.
    const waiting = (await getThreadState(env.client, threadId)).flowState as unknown as SupportFlowState;
    expect(await page.getByLabel(/Your answer to/).inputValue()).toBe(waiting.agentReply?.draft ?? '');
    await page.getByLabel(/Your answer to/).fill('Dear Peter, I am sorry. A new pair is on its way today.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('flash').waitFor();
    const [reply] = await stack.waitForMail('the agent reply', (m) => m.parsed.inReplyTo === threadId);
    expect(reply!.parsed.text).toContain('A new pair is on its way today.');
    expect(recipients(reply!)).toEqual(['p.hall@mail.example']);
    const flow = (await getThreadState(env.client, threadId)).flowState as unknown as SupportFlowState;
    expect(flow.turns[0]).toMatchObject({ answeredBy: 'agent', agent: AGENT });
    await context.close();
  }, 120_000);
});
