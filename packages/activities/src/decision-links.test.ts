import { verifyDecisionLink } from '@org/orchestrator-contracts/client';
import { createDecisionLinkActivities, inboxLinksFromEnv } from './decision-links';

const SECRET = 'activity-test-inbox-secret-0123456789abcdef';
const INPUT = { threadId: '<req.1@example.com>', subject: 'purchase' as const, approver: 'cfo@example.com', slot: '2026-11-28T09:00:00.000Z' };

describe(inboxLinksFromEnv, () => {
  it('is off without INBOX_BASE_URL, and needs a strong INBOX_SECRET with it', () => {
    expect(inboxLinksFromEnv({})).toBeUndefined();
    expect(() => inboxLinksFromEnv({ INBOX_BASE_URL: 'https://inbox.example.com' })).toThrow(/INBOX_SECRET must be at least 32 bytes/);
    expect(() => inboxLinksFromEnv({ INBOX_BASE_URL: 'https://inbox.example.com', INBOX_SECRET: 'short' })).toThrow(/INBOX_SECRET/);
    expect(() => inboxLinksFromEnv({ INBOX_BASE_URL: 'not a url', INBOX_SECRET: SECRET })).toThrow();
    expect(() => inboxLinksFromEnv({ INBOX_BASE_URL: 'https://inbox.example.com', INBOX_SECRET: SECRET, INBOX_LINK_TTL_HOURS: '-1' })).toThrow(
      /INBOX_LINK_TTL_HOURS/,
    );
    expect(inboxLinksFromEnv({ INBOX_BASE_URL: 'https://inbox.example.com', INBOX_SECRET: SECRET, INBOX_LINK_TTL_HOURS: '24' })).toEqual({
      baseUrl: 'https://inbox.example.com/',
      secret: SECRET,
      ttlMs: 24 * 3600_000,
    });
  });
});

describe('decisionLinks', () => {
  const now = () => new Date('2026-11-28T09:00:00Z');

  it('signs approve and reject links for the approver and slot, valid for the configured time', async () => {
    const { decisionLinks } = createDecisionLinkActivities({ inbox: { baseUrl: 'https://inbox.example.com/', secret: SECRET, ttlMs: 3600_000 }, now });
    const links = await decisionLinks(INPUT);
    expect(links?.expiresAt).toBe('2026-11-28T10:00:00.000Z');
    const token = (url: string) => url.replace('https://inbox.example.com/links/', '');
    expect(verifyDecisionLink(SECRET, token(links!.approve), now().getTime())).toMatchObject({ ...INPUT, decision: 'approved' });
    expect(verifyDecisionLink(SECRET, token(links!.reject), now().getTime())).toMatchObject({ ...INPUT, decision: 'rejected' });
  });

  it('returns null without an inbox, and refuses an invalid input without signing anything', async () => {
    expect(await createDecisionLinkActivities({ now }).decisionLinks(INPUT)).toBeNull();
    const { decisionLinks } = createDecisionLinkActivities({ inbox: { baseUrl: 'https://inbox.example.com', secret: SECRET }, now });
    await expect(decisionLinks({ ...INPUT, subject: 'salary' as never })).rejects.toMatchObject({ type: 'InvalidActivityInput' });
    await expect(decisionLinks({ ...INPUT, threadId: '' })).rejects.toMatchObject({ type: 'InvalidActivityInput' });
  });
});
