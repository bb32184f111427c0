/**
 * Client helpers: deliver an email to its thread, complete a thread, read its state, approve or
 * reject what it waits on, answer an escalated thread as a human agent, retry a step that failed.
 * Node-only (uses `@temporalio/client`); never import this from workflow code.
 *
 * @example
 * import { createThreadClient, deliverEmail, getThreadState } from '@org/orchestrator-contracts/client';
 *
 * const client = await createThreadClient(); // TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, ...
 * await deliverEmail(client, email); // validates, then signal-with-start NEW_MESSAGE
 * console.log(await getThreadState(client, email.threadId));
 *
 * @module
 */
export { TEMPORAL_ENV, TemporalConfigError, connectionOptions, temporalConfigFromEnv } from './config';
export { createThreadClient } from './connect';
export type { ThreadClientOptions } from './connect';
export {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  ENCRYPTION_ENV,
  ENCRYPTION_KEYS_VARIABLE,
  ENCRYPTION_KEY_ID_METADATA,
  EncryptionKeyError,
  PayloadDecryptionError,
  createCodecServer,
  encryptedDataConverterFromEnv,
  encryptionKeysFromEnv,
  parseEncryptionKeys,
} from './encryption';
export type { CodecServerOptions, EncryptionKey, EncryptionKeyRing } from './encryption';
export type { TemporalConfig, TemporalConnectionOptions } from './config';
export { completeThread, deliverEmail, getThreadState, listThreads, waitForThreadSummary } from './thread-client';
export { APPROVAL_ACTIONS, decideApproval, retryFailedStep, submitAgentReply } from './decision-client';
export type { ApprovalAction, DecisionOptions } from './decision-client';
export type { DeliverOptions, DeliveryReceipt, ThreadClient, ThreadListing } from './thread-client';
export { SignedTokenError, assertStrongSecret, signToken, verifyToken } from './signed-token';
export type { SignedTokenRefusal } from './signed-token';
export { DECISION_LINK_PURPOSE, DEFAULT_DECISION_LINK_TTL_MS, decisionLinkUrls, signDecisionLink, verifyDecisionLink } from './decision-links';
export type { DecisionLink, DecisionLinkUrls } from './decision-links';
