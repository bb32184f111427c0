/**
 * Types of the mailauth modules the ingress loads one by one. mailauth's main entry also loads its
 * BIMI checker, which needs undici 8 and so Node 22; DKIM, SPF, ARC and DMARC run on Node 20.
 */
declare module 'mailauth/lib/dkim/verify.js' {
  import type { DKIMResult, DNSResolver } from 'mailauth';

  export interface DkimVerification {
    /** Addresses of the From header field(s), as written. */
    headerFrom: string[] | false;
    fromFields: number;
    envelopeFrom: string | false;
    results: DKIMResult[];
    /** ARC headers found; passed on to `arc()`. */
    readonly arc?: unknown;
  }
  export function dkimVerify(input: Buffer | NodeJS.ReadableStream, options: { resolver?: DNSResolver; sender?: string }): Promise<DkimVerification>;
}

declare module 'mailauth/lib/spf/index.js' {
  import type { DNSResolver, SPFResult } from 'mailauth';

  export function spf(options: { sender?: string; ip: string; helo?: string; mta?: string; resolver?: DNSResolver; maxElapsedTime?: number }): Promise<SPFResult | false>;
}

declare module 'mailauth/lib/arc/index.js' {
  import type { ARCResult, DNSResolver } from 'mailauth';

  export function arc(data: unknown, options: { resolver?: DNSResolver; ip?: string }): Promise<ARCResult>;
}

declare module 'mailauth/lib/dmarc/index.js' {
  import type { ARCResult, DMARCResult, DNSResolver } from 'mailauth';

  export function evaluateDmarc(options: {
    headerFrom: string[] | false;
    fromFields: number;
    spfDomains: string[];
    dkimDomains: { id?: string; domain?: string; aligned?: string | false; underSized?: number }[];
    arcResult?: ARCResult;
    resolver?: DNSResolver;
  }): Promise<{ response?: DMARCResult | false; reason?: string }>;
}
