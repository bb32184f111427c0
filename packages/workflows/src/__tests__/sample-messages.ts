import type { EmailMessageInput } from '@org/orchestrator-contracts';

/** A valid message of `threadId`, numbered `n`; override any field. */
export function sampleMessage(threadId: string, n: number, overrides: Partial<EmailMessageInput> = {}): EmailMessageInput {
  return {
    messageId: `<m${n}.${threadId.replace(/[<>@]/g, '')}@example.com>`,
    threadId,
    from: { address: 'alice@example.com', name: 'Alice' },
    to: [{ address: 'orders@orchestrator.test' }],
    subject: n === 1 ? 'Purchase request: 10 laptops' : `Re: Purchase request: 10 laptops (${n})`,
    text: n === 1 ? 'We need 10 laptops for the new team, budget 15000 EUR, needed by 2026-12-15.' : `Follow-up number ${n}.`,
    receivedAt: new Date(Date.UTC(2026, 10, 25, 9, 0, n)).toISOString(),
    ...overrides,
  };
}
