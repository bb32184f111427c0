import type { MessageAuthenticationInput } from '@org/orchestrator-contracts';

/**
 * The authentication the ingress records for mail from a relay it trusts (SMTP AUTH or a
 * configured network): the sender's domain counts as proven. The scripted demos deliver straight
 * to Temporal, standing in for that relay; mail from anywhere else (the `.eml` samples, `deliver`)
 * carries no authentication, as forged mail would not.
 */
export function viaDemoRelay(address: string): MessageAuthenticationInput {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return { verifiedBy: 'orchestrator-demo', relay: 'orchestrator demo (direct delivery)', alignedDomain: domain };
}
