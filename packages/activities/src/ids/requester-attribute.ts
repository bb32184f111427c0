import { createHmac } from 'node:crypto';

/** Labels the requester-attribute key, so it is no other key derived from the id secret. */
const KEY_LABEL = 'orchestrator requester search attribute v1';

/**
 * The key of `FLOW_REQUESTER_ATTRIBUTE=hashed` (hex): HMAC-SHA256 of a fixed label under the id
 * secret, so every worker of a deployment publishes the same value for one address, and nobody
 * without the secret can test a guessed address against it.
 */
export function requesterAttributeKey(idSecret: Uint8Array): string {
  return createHmac('sha256', idSecret).update(KEY_LABEL).digest('hex');
}

/**
 * The value `OrchestratorRequester` holds for `address` in the `hashed` mode (what the workflows
 * publish), for finding a requester's threads:
 * `temporal workflow list --query "OrchestratorRequester = '<value>'"`.
 * @example
 * requesterAttributeValue('alice@example.com', loadIdSecret(idSecretSourceFromEnv()));
 */
export function requesterAttributeValue(address: string, idSecret: Uint8Array): string {
  return createHmac('sha256', Buffer.from(requesterAttributeKey(idSecret), 'hex'))
    .update(address.trim().toLowerCase(), 'utf8')
    .digest('hex');
}
