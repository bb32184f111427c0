import { randomUUID } from 'node:crypto';
import type { EmailAddress } from '@org/orchestrator-contracts';
import { OrchestratorError, outboundEmailSchema } from '@org/orchestrator-contracts';
import { SignedTokenError, signToken, verifyToken } from '@org/orchestrator-contracts/client';
import type { MailTransport } from '@org/orchestrator-email';
import { renderMime } from '@org/orchestrator-email';
import type { InboxStore } from './store/inbox-store';

const SIGN_IN_PURPOSE = 'inbox-sign-in';

/** A sign-in link's content: who, where to go next, and its single-use id. */
export interface SignInClaim {
  email: string;
  next: string;
  id: string;
}

/** Only paths of this inbox may follow a sign-in (no open redirect to another site). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) && next.length < 2048 ? next : '/';
}

/** Most sign-in links one address gets per link lifetime: a flood of requests never floods a mailbox. */
export const MAX_SIGN_IN_LINKS_PER_ADDRESS = 5;

/**
 * Magic links: signed, expiring, single-use. Used ids are kept in the inbox's store until they
 * expire, so a link stays used across restarts and inbox processes.
 */
export class SignInLinks {
  constructor(
    private readonly options: {
      secret: string;
      baseUrl: string;
      ttlMs: number;
      transport: MailTransport;
      from: EmailAddress;
      /** Remembers used link ids (see `openInboxStore`). */
      store: InboxStore;
      /** Development only (the demo): also hands each link to this callback, e.g. to print it. */
      onSent?: (email: string, url: string) => void;
    },
  ) {}

  /**
   * Emails `email` a link that signs them in and goes to `next`. Returns `false` (nothing sent)
   * when the address already got {@link MAX_SIGN_IN_LINKS_PER_ADDRESS} links within a link's lifetime,
   * counted in the store, so across restarts and inbox processes.
   */
  async send(email: string, next: string, now = Date.now()): Promise<boolean> {
    if (!(await this.options.store.countSignInLink(email, now, now + this.options.ttlMs, MAX_SIGN_IN_LINKS_PER_ADDRESS))) return false;
    const id = randomUUID();
    const token = signToken(this.options.secret, SIGN_IN_PURPOSE, { email, next: safeNext(next), id }, now + this.options.ttlMs);
    const url = `${this.options.baseUrl}/sign-in/${token}`;
    const host = this.options.from.address.split('@')[1] ?? 'inbox.local';
    const mail = outboundEmailSchema.parse({
      messageId: `<inbox-sign-in.${id}@${host}>`,
      threadId: `<inbox-sign-in.${id}@${host}>`,
      from: this.options.from,
      to: [{ address: email }],
      subject: 'Your sign-in link for the task inbox',
      text: `Hello,\n\nOpen this link to sign in to the task inbox:\n\n${url}\n\nIt is valid for ${Math.round(this.options.ttlMs / 60_000)} minutes and works once. If you did not ask for it, ignore this mail.\n`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    await this.options.transport.send({ messageId: mail.messageId, envelope: { from: mail.from.address, to: [email] }, raw: await renderMime(mail) });
    this.options.onSent?.(email, url);
    return true;
  }

  /**
   * Reads a sign-in token without using it up (for the confirmation page).
   * @throws {SignedTokenError} forged, expired or malformed; `used` when it was used already.
   */
  async peek(token: string, now = Date.now()): Promise<SignInClaim> {
    const claim = this.verify(token, now);
    if (await this.options.store.isUsed(claim.id)) throw new SignInLinkUsedError();
    return claim;
  }

  /** Verifies and uses up a sign-in token: once, even when two requests race (the store's insert decides). */
  async redeem(token: string, now = Date.now()): Promise<SignInClaim> {
    const claim = this.verify(token, now);
    if (!(await this.options.store.useOnce(claim.id, now + this.options.ttlMs))) throw new SignInLinkUsedError();
    return claim;
  }

  private verify(token: string, now: number): SignInClaim {
    const claim = verifyToken<SignInClaim>(this.options.secret, SIGN_IN_PURPOSE, token, now);
    if (typeof claim.email !== 'string' || typeof claim.id !== 'string') throw new SignedTokenError('malformed');
    return { email: claim.email, next: safeNext(claim.next), id: claim.id };
  }
}

/** A sign-in link was used already. */
export class SignInLinkUsedError extends OrchestratorError {
  override readonly name = 'SignInLinkUsedError';
  constructor() {
    super('SignInLinkUsed', 'this sign-in link was used already');
  }
}
