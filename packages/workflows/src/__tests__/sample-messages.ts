import type { EmailMessageInput } from '@org/orchestrator-contracts';

/**
 * A valid message of `threadId`, numbered `n`; override any field. It routes to the `unknown`
 * flow (one holding reply, then recorded), so tests of the thread's mechanics (queue, duplicates,
 * completion, continue-as-new) do not start a business flow.
 */
export function sampleMessage(threadId: string, n: number, overrides: Partial<EmailMessageInput> = {}): EmailMessageInput {
  return {
    messageId: `<m${n}.${threadId.replace(/[<>@]/g, '')}@example.com>`,
    threadId,
    from: { address: 'alice@example.com', name: 'Alice' },
    to: [{ address: 'orders@orchestrator.test' }],
    subject: n === 1 ? 'Team lunch on Friday' : `Re: Team lunch on Friday (${n})`,
    text: n === 1 ? 'Shall we all meet for lunch on Friday at noon? Let me know if that works for you.' : `Follow-up number ${n}.`,
    receivedAt: new Date(Date.UTC(2026, 10, 25, 9, 0, n)).toISOString(),
    ...overrides,
  };
}
