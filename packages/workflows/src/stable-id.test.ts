import { outboundMessageId } from './stable-id';

describe(outboundMessageId, () => {
  it('is stable for the same thread and step and differs otherwise', () => {
    const id = outboundMessageId('<root@example.com>', 'holding:<m1@example.com>');
    expect(id).toMatch(/^<[0-9a-f]{16}\.[0-9a-f]{16}@orchestrator\.local>$/);
    expect(outboundMessageId('<root@example.com>', 'holding:<m1@example.com>')).toBe(id);
    expect(outboundMessageId('<root@example.com>', 'holding:<m2@example.com>')).not.toBe(id);
    expect(outboundMessageId('<other@example.com>', 'holding:<m1@example.com>')).not.toBe(id);
  });
});
