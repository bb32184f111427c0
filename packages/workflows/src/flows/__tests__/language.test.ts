import { composeReplyText } from '@org/orchestrator-activities';
import type { EmailMessage, FlowName } from '@org/orchestrator-contracts';
import { REPLY_LANGUAGES, replyLanguage, threadLanguage } from '@org/orchestrator-thread-kit';
import { procurementTexts as procurement } from '@org/orchestrator-procurement';
import { replyOnceText } from '../reply-once-messages';
import { supportTexts as support } from '@org/orchestrator-support-desk';

describe('replyLanguage', () => {
  it.each([
    ['de', 'de'],
    ['FR', 'fr'],
    [' es ', 'es'],
    ['de-CH', 'de'],
    ['fr_CA', 'fr'],
    ['en', 'en'],
    ['nl', 'en'],
    ['', 'en'],
    ['deu', 'en'],
    [undefined, 'en'],
    [null, 'en'],
    [42, 'en'],
    [{ language: 'de' }, 'en'],
  ])('%j → %s', (detected, expected) => {
    expect(replyLanguage(detected)).toBe(expected);
  });

  it('reads the thread’s routing classification, English without one', () => {
    expect(threadLanguage({ routing: { flow: 'procurement', language: 'es' } })).toBe('es');
    expect(threadLanguage({ routing: { flow: 'procurement' } })).toBe('en');
    expect(threadLanguage({ routing: null })).toBe('en');
    expect(threadLanguage({})).toBe('en');
  });
});

const message = (name?: string) => ({ from: { address: 'a@example.com', ...(name ? { name } : {}) } }) as EmailMessage;

describe('English texts are unchanged', () => {
  it.each([
    ['holding', 'unknown'],
    ['acknowledgement', 'procurement'],
    ['acknowledgement', 'support'],
  ] as const)('the %s reply of %s is the activity’s standard text', (kind, flow: FlowName) => {
    for (const name of ['Alice', undefined]) expect(replyOnceText(kind, flow, name, 'en')).toBe(composeReplyText(kind, flow, message(name)));
  });

  it('procurement and support texts read as before', () => {
    expect(procurement.askForInformation(['quantity', 'neededBy'], false, 'en')).toBe(
      'Hello,\n\nThank you for your purchase request. Before we can ask suppliers for quotes, we need a few details:\n\n' +
        '- How many of each item do you need?\n- By which date do you need the delivery (e.g. 2026-12-15)?\n\nPlease reply to this email.\n\nPurchasing team',
    );
    expect(procurement.requestRejected('bob@example.com', 'too expensive', 'en')).toBe(
      'Hello,\n\nYour purchase request was not approved by bob@example.com: "too expensive"\n\nReply to this email if you would like to discuss it.\n\nPurchasing team',
    );
    expect(procurement.noOrder('no-quotes', [], 'en')).toBe(
      'Hello,\n\nWe could not place your order: no supplier sent a quote before the deadline.\n\nThe purchasing team has been told and will follow up with you.\n\nPurchasing team',
    );
    expect(support.closingText('Emma', 'en')).toBe(
      'Hello Emma,\n\nWe have not heard back from you, so we are closing this conversation. If there is anything else, just reply to this email and we will pick it up again.\n\nCustomer Support team',
    );
  });
});

describe.each(REPLY_LANGUAGES.filter((l) => l !== 'en'))('texts in %s', (language) => {
  /** Every customer- or requester-facing text of the flows, in `language`. */
  const texts = (l: typeof language | 'en') => [
    procurement.askForInformation(['items', 'quantity', 'neededBy'], false, l),
    procurement.askForInformation(['neededBy'], true, l),
    procurement.requestAbandoned(l),
    procurement.requestWithdrawn(l),
    procurement.requestRejected('bob@example.com', 'zu teuer', l),
    procurement.requestRejected('bob@example.com', undefined, l),
    procurement.requesterConfirmation('PO-2026-0001', 'Northwind IT', 5716, 'eur', '2026-12-15', l),
    procurement.noOrder('no-suppliers', [], l),
    procurement.noOrder('no-eligible-quote', ['Contoso: over budget'], l),
    support.closingText('Emma', l),
    support.writeFromRegisteredAddress(undefined, l),
    support.refundApproved('Draft.', 'EUR 349.00', l),
    replyOnceText('holding', 'unknown', 'Emma', l),
    replyOnceText('acknowledgement', 'procurement', undefined, l),
    replyOnceText('acknowledgement', 'support', undefined, l),
  ];

  it('has its own wording for every text, with no English left', () => {
    const localized = texts(language);
    const english = texts('en');
    localized.forEach((text, i) => {
      expect(text).not.toBe(english[i]);
      expect(text).not.toMatch(/\b(Hello|Thank you|Please|Reply to this|team has been told)\b/);
    });
  });

  it('keeps the facts: names, numbers, amounts, dates, the approver’s comment', () => {
    const confirmation = procurement.requesterConfirmation('PO-2026-0001', 'Northwind IT', 5716, 'eur', '2026-12-15', language);
    for (const fact of ['PO-2026-0001', 'Northwind IT', 'EUR 5716.00', '2026-12-15']) expect(confirmation).toContain(fact);
    expect(procurement.requestRejected('bob@example.com', 'zu teuer', language)).toMatch(/bob@example\.com[\s\S]*zu teuer/);
    expect(procurement.noOrder('no-eligible-quote', ['Contoso: over budget'], language)).toContain('- Contoso: over budget');
    expect(support.refundApproved('Draft.  \n', 'EUR 349.00', language)).toMatch(/^Draft\.\n\n.*EUR 349\.00/);
    expect(support.closingText('Emma', language)).toMatch(/^\S+ Emma[,:]\n\n/);
  });
});
