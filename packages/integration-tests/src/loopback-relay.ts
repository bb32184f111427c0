import type { EmailMessage } from '@org/orchestrator-contracts';
import type { ThreadClient } from '@org/orchestrator-contracts/client';

type SignalWithStart = ThreadClient['workflow']['signalWithStart'];

/**
 * The tests' mail client talks to the ingress over loopback, as an internal relay the ingress
 * trusts would. The SMTP ingress of this tree does not record sender authentication yet, so this
 * client adds what it would record for such a relay (`relay`, the `From:` domain aligned) to each
 * delivered message that has none. Once the ingress records its own verdicts this changes nothing:
 * a message that carries `authentication` is passed on as it is.
 */
export function asLoopbackRelay(client: ThreadClient): ThreadClient {
  const stamp = (message: unknown): unknown => {
    const email = message as EmailMessage;
    if (email.authentication) return email;
    const domain = email.from.address.slice(email.from.address.lastIndexOf('@') + 1).toLowerCase();
    return { ...email, authentication: { verifiedBy: 'integration-tests', relay: 'loopback', dkim: [], alignedDomain: domain } };
  };
  const signalWithStart = ((type, options) =>
    client.workflow.signalWithStart(type, { ...options, signalArgs: (options.signalArgs ?? []).map(stamp) } as typeof options)) as SignalWithStart;
  const workflow = new Proxy(client.workflow, {
    get(target, property) {
      if (property === 'signalWithStart') return signalWithStart;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { workflow };
}
