import { DEFAULT_DECISION_LINK_TTL_MS, decisionLinkUrls, signDecisionLink, verifyDecisionLink } from './decision-links';
import { SignedTokenError, signToken, verifyToken } from './signed-token';

const SECRET = 'decision-link-test-secret-0123456789abcdef';
const LINK = {
  threadId: '<req.1@example.com>',
  subject: 'purchase' as const,
  decision: 'approved' as const,
  approver: 'cfo@example.com',
  slot: '2026-11-28T09:00:00.000Z',
};

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SignedTokenError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe(verifyDecisionLink, () => {
  it('reads back what was signed, with a fresh update id each time', () => {
    const a = verifyDecisionLink(SECRET, signDecisionLink(SECRET, LINK, Date.now() + 60_000));
    const b = verifyDecisionLink(SECRET, signDecisionLink(SECRET, LINK, Date.now() + 60_000));
    expect(a).toMatchObject(LINK);
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.id).not.toBe(b.id);
  });

  it('refuses an altered, foreign, expired, malformed or other-purpose token', () => {
    const token = signDecisionLink(SECRET, LINK, Date.now() + 60_000);
    const [body, mac] = token.split('.') as [string, string];
    const otherBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), approver: 'mallory@example.com' })).toString(
      'base64url',
    );
    expect(refusal(() => verifyDecisionLink(SECRET, `${otherBody}.${mac}`))).toBe('forged');
    expect(refusal(() => verifyDecisionLink('another-secret-another-secret-0123456789', token))).toBe('forged');
    expect(refusal(() => verifyDecisionLink(SECRET, signDecisionLink(SECRET, LINK, Date.now() - 1)))).toBe('expired');
    expect(refusal(() => verifyDecisionLink(SECRET, token, Date.now() + 120_000))).toBe('expired');
    for (const garbage of ['', 'x', `${body}.`, `${body}.${mac}.x`, 'a'.repeat(10_000), `${body}.${'A'.repeat(43)}`]) {
      expect(['malformed', 'forged']).toContain(refusal(() => verifyDecisionLink(SECRET, garbage)));
    }
    const signIn = signToken(SECRET, 'inbox-sign-in', { ...LINK, id: 'x' }, Date.now() + 60_000);
    expect(refusal(() => verifyDecisionLink(SECRET, signIn))).toBe('wrong-purpose');
    // Signed by us, for the right purpose, but not a decision link's shape.
    const odd = signToken(SECRET, 'decision-link', { threadId: 1 }, Date.now() + 60_000);
    expect(refusal(() => verifyDecisionLink(SECRET, odd))).toBe('malformed');
  });
});

describe(signToken, () => {
  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => signToken('short', 'p', {}, Date.now() + 1000)).toThrow(/at least 32 bytes/);
  });
  it('keeps the purpose and expiry out of the caller’s reach', () => {
    const token = signToken(SECRET, 'p', { p: 'other', exp: Number.MAX_SAFE_INTEGER }, Date.now() - 1);
    expect(refusal(() => verifyToken(SECRET, 'other', token))).toBe('wrong-purpose');
    expect(refusal(() => verifyToken(SECRET, 'p', token))).toBe('expired');
  });
});

describe(decisionLinkUrls, () => {
  it('makes an approve and a reject link under <base>/links/, valid for 7 days by default', () => {
    const now = Date.parse('2026-11-28T09:00:00Z');
    const urls = decisionLinkUrls(
      { baseUrl: 'https://inbox.example.com/', secret: SECRET, now },
      { threadId: LINK.threadId, subject: 'refund', approver: LINK.approver, slot: LINK.slot },
    );
    expect(urls.expiresAt).toBe(new Date(now + DEFAULT_DECISION_LINK_TTL_MS).toISOString());
    const approve = verifyDecisionLink(SECRET, urls.approve.replace('https://inbox.example.com/links/', ''), now);
    const reject = verifyDecisionLink(SECRET, urls.reject.replace('https://inbox.example.com/links/', ''), now);
    expect([approve.decision, reject.decision, approve.subject]).toEqual(['approved', 'rejected', 'refund']);
  });
});
