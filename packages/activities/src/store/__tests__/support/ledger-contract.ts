import type { OutboxClaimRequest, OutboxLedger } from '../../outbox-ledger';
import { OutboxInputError } from '../../outbox-input';

export const at = new Date('2026-11-25T10:00:00Z');
const later = (ms: number) => new Date(at.getTime() + ms);

/** A claim by attempt `owner` with a 30 s lease. */
export const request = (owner = 'attempt-1', extra: Partial<OutboxClaimRequest> = {}): OutboxClaimRequest => ({
  messageId: '<r1@orchestrator.local>',
  threadId: '<t@x>',
  fingerprint: 'f1',
  transport: 'file:///outbox',
  owner,
  leaseMs: 30_000,
  ...extra,
});

/** The behaviour every ledger implementation shares; `open` gives a fresh, empty ledger. */
export function ledgerContract(open: () => Promise<OutboxLedger>): void {
  let ledger: OutboxLedger;
  beforeEach(async () => (ledger = await open()));
  afterEach(() => ledger.close());

  it('claims once with a lease, then reports leased until sent, then sent', async () => {
    await expect(ledger.claim(request(), at)).resolves.toMatchObject({
      outcome: 'new',
      entry: { status: 'sending', attempts: 1, lease: { owner: 'attempt-1', expiresAt: '2026-11-25T10:00:30.000Z' } },
    });
    await expect(ledger.claim(request('attempt-2'), later(1_000))).resolves.toMatchObject({
      outcome: 'leased',
      entry: { attempts: 2, lease: { owner: 'attempt-1' } },
    });
    await ledger.markSent(request().messageId, { location: '/outbox/r1.eml', response: 'file written' }, later(1_000));
    const again = await ledger.claim(request('attempt-3'), at);
    const { owner: _owner, leaseMs: _leaseMs, ...stored } = request();
    expect(again).toEqual({
      outcome: 'sent',
      entry: {
        ...stored,
        status: 'sent',
        attempts: 3,
        location: '/outbox/r1.eml',
        response: 'file written',
        claimedAt: '2026-11-25T10:00:00.000Z',
        sentAt: '2026-11-25T10:00:01.000Z',
      },
    });
    await expect(ledger.list('<t@x>')).resolves.toHaveLength(1);
  });

  it('lets another attempt take an expired lease over, and the old holder no longer renew it', async () => {
    await ledger.claim(request('crashed'), at);
    await expect(ledger.claim(request('retry'), later(30_000))).resolves.toMatchObject({
      outcome: 'taken-over',
      entry: { status: 'sending', attempts: 2, lease: { owner: 'retry', expiresAt: '2026-11-25T10:01:00.000Z' } },
    });
    await expect(ledger.renewLease(request().messageId, 'crashed', later(31_000), 30_000)).resolves.toBe(false);
    await expect(ledger.renewLease(request().messageId, 'retry', later(31_000), 30_000)).resolves.toBe(true);
    await expect(ledger.get(request().messageId)).resolves.toMatchObject({ lease: { owner: 'retry', expiresAt: '2026-11-25T10:01:01.000Z' } });
  });

  it('keeps a renewed lease from being taken over', async () => {
    await ledger.claim(request('slow'), at);
    await expect(ledger.renewLease(request().messageId, 'slow', later(20_000), 30_000)).resolves.toBe(true);
    await expect(ledger.claim(request('retry'), later(40_000))).resolves.toMatchObject({ outcome: 'leased', entry: { lease: { owner: 'slow' } } });
    await expect(ledger.claim(request('retry'), later(50_000), { countAttempt: false })).resolves.toMatchObject({
      outcome: 'taken-over',
      entry: { attempts: 2 },
    });
  });

  it('hands a released lease to the next attempt at once; sent clears the lease', async () => {
    await ledger.claim(request('failed'), at);
    await ledger.releaseLease(request().messageId, 'someone-else');
    await expect(ledger.get(request().messageId)).resolves.toMatchObject({ lease: { owner: 'failed' } });
    await ledger.releaseLease(request().messageId, 'failed');
    await expect(ledger.get(request().messageId)).resolves.not.toHaveProperty('lease');
    await expect(ledger.claim(request('retry'), at)).resolves.toMatchObject({ outcome: 'taken-over', entry: { lease: { owner: 'retry' } } });
    await ledger.markSent(request().messageId, { location: 'l', response: 'r' }, at);
    await expect(ledger.get(request().messageId)).resolves.not.toHaveProperty('lease');
    await expect(ledger.renewLease(request().messageId, 'retry', at, 30_000)).resolves.toBe(false);
  });

  it('reports a conflict when an id is reused for a different message, without touching the lease', async () => {
    await ledger.claim(request('a', { messageId: '<r2@orchestrator.local>' }), at);
    await expect(ledger.claim(request('b', { messageId: '<r2@orchestrator.local>', fingerprint: 'other' }), later(60_000))).resolves.toMatchObject({
      outcome: 'conflict',
      entry: { lease: { owner: 'a' } },
    });
  });

  it('lets exactly one of many concurrent claims win the lease', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => ledger.claim(request(`attempt-${i}`, { messageId: '<race@x>' }), at)));
    expect(claims.filter((c) => c.outcome === 'new')).toHaveLength(1);
    expect(claims.filter((c) => c.outcome === 'leased')).toHaveLength(9);
    await expect(ledger.get('<race@x>')).resolves.toMatchObject({ attempts: 10 });
  });

  it('lets exactly one of many concurrent claims take an expired lease over', async () => {
    await ledger.claim(request('crashed', { messageId: '<race2@x>' }), at);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => ledger.claim(request(`retry-${i}`, { messageId: '<race2@x>' }), later(60_000))));
    expect(claims.filter((c) => c.outcome === 'taken-over')).toHaveLength(1);
    expect(claims.filter((c) => c.outcome === 'leased')).toHaveLength(7);
  });

  it('refuses to mark an unclaimed message sent', async () => {
    await expect(ledger.markSent('<nobody@x>', { location: 'x', response: 'y' }, at)).rejects.toThrow(/no claim/);
  });

  it.each([
    ['messageId', { messageId: '<r\u0000@x>' }],
    ['threadId', { threadId: '<t\u0000@x>' }],
    ['transport', { transport: 'smtp://x\n' }],
    ['owner', { owner: '' }],
    ['leaseMs', { leaseMs: 0 }],
  ])('refuses a claim with a bad %s before it reaches the database', async (field, extra) => {
    const error = await ledger.claim(request('a', extra as Partial<OutboxClaimRequest>), at).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxInputError);
    expect(error).toMatchObject({ field });
    await expect(ledger.list()).resolves.toEqual([]);
    await expect(ledger.get('<r\u0000@x>')).rejects.toThrow('outbox ledger: messageId must not contain control characters (found U+0000 at index 2)');
  });

  it('stores a receipt with NUL in it (from a remote server) rather than failing after the send', async () => {
    await ledger.claim(request(), at);
    await ledger.markSent(request().messageId, { location: 'smtp://x', response: '250 ok\u0000' }, at);
    await expect(ledger.get(request().messageId)).resolves.toMatchObject({ status: 'sent', response: '250 ok\ufffd' });
  });
}
