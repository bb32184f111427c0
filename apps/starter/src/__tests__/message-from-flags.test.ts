import { UsageError } from '../errors';
import { messageFromFlags, parseAddress } from '../message-from-flags';

const context = { now: new Date('2025-07-01T10:00:00.000Z'), newId: () => 'f00dfeed-0000-4000-8000-000000000000' };
const required = { from: 'a@example.com', to: ['b@example.com'], subject: 'Hi', text: 'Hello' };

describe(parseAddress, () => {
  it.each([
    ['a@example.com', { address: 'a@example.com' }],
    [' Maria Keller <maria@acme.example> ', { address: 'maria@acme.example', name: 'Maria Keller' }],
    ['"Keller, Maria" <maria@acme.example>', { address: 'maria@acme.example', name: 'Keller, Maria' }],
    ['<maria@acme.example>', { address: 'maria@acme.example' }],
  ])('%j', (input, expected) => {
    expect(parseAddress(input)).toEqual(expected);
  });
});

describe(messageFromFlags, () => {
  it('fills in a generated Message-ID, the thread id and the time of delivery', () => {
    expect(messageFromFlags({ ...required, cc: ['Jo <jo@example.com>'] }, context)).toEqual({
      messageId: '<f00dfeed-0000-4000-8000-000000000000@orchestrator.local>',
      threadId: '<f00dfeed-0000-4000-8000-000000000000@orchestrator.local>',
      from: { address: 'a@example.com' },
      to: [{ address: 'b@example.com' }],
      cc: [{ address: 'jo@example.com', name: 'Jo' }],
      subject: 'Hi',
      text: 'Hello',
      receivedAt: '2025-07-01T10:00:00.000Z',
      references: [],
    });
  });

  it('threads a reply under the first reference, normalising ids', () => {
    const message = messageFromFlags(
      { ...required, 'message-id': 'reply@x', 'in-reply-to': 'parent@x', references: ['root@x parent@x', '<other@x>'] },
      context,
    );
    expect(message).toMatchObject({
      messageId: '<reply@x>',
      inReplyTo: '<parent@x>',
      references: ['<root@x>', '<parent@x>', '<other@x>'],
      threadId: '<root@x>',
    });
  });

  it('uses --thread-id as given', () => {
    expect(messageFromFlags({ ...required, 'thread-id': 'my-thread', references: ['<root@x>'] }, context).threadId).toBe('my-thread');
  });

  it('names every missing flag', () => {
    expect(() => messageFromFlags({ from: 'a@example.com', to: [] }, context)).toThrow(
      new UsageError('missing --to, --subject, --text (or use --file)', 'deliver'),
    );
  });

  it('rejects an empty --message-id', () => {
    expect(() => messageFromFlags({ ...required, 'message-id': '<>' }, context)).toThrow(UsageError);
  });
});
