import { proxyActivities } from '@temporalio/workflow';
import type { OrchestratorActivities } from '@org/orchestrator-activities';

// Error types that no retry can fix: invalid input, a missing dependency, and an agent that answered unusably.
const nonRetryableErrorTypes = ['InvalidActivityInput', 'ActivityNotConfigured'];
const nonRetryableAgentErrorTypes = [...nonRetryableErrorTypes, 'AgentOutputInvalid', 'AgentRequestRejected'];

/**
 * Agent calls may go to a remote LLM: a generous timeout and a bounded number of attempts, after
 * which the flow hands the thread to a human instead of waiting forever. They heartbeat while the
 * call runs, so an attempt lost with its worker is retried after the heartbeat timeout rather than
 * the whole start-to-close timeout (the chaos suite saw threads wait two minutes for a killed worker).
 */
export const { classifyThread, extractPurchaseRequest, readQuote, draftSupportAnswer, summarizeThread } =
  proxyActivities<OrchestratorActivities>({
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: '30s',
    retry: {
      initialInterval: '2s',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts: 5,
      nonRetryableErrorTypes: nonRetryableAgentErrorTypes,
    },
  });

/**
 * Local reads and writes (ledger, configuration, id keys, directories, tickets, purchase orders) are quick
 * and idempotent: a short timeout so a lost worker's attempt is retried elsewhere within seconds,
 * and no attempt limit (a database outage heals).
 */
export const {
  recordHandledMessage,
  loadFlowConfig,
  threadIdKey,
  findSuppliers,
  lookupSupportFacts,
  openSupportTicket,
  closeSupportTicket,
  claimAutoReplySlot,
  stashMessages,
  loadStashedMessages,
  findHandledMessages,
  decisionLinks,
} = proxyActivities<OrchestratorActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes },
});

/** Creating a purchase order renders a PDF into the blob store: more time, same retry stance. */
export const { createPurchaseOrder } = proxyActivities<OrchestratorActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [...nonRetryableErrorTypes, 'PurchaseOrderConflict'],
  },
});

/**
 * Sending mail may stream a 25 MB attachment to a slow server: a long start-to-close, and a
 * heartbeat timeout (the activity heartbeats while sending) so a lost worker is noticed quickly.
 * The outbox ledger makes every retry safe; a conflicting Message-ID is a bug, never retried.
 */
export const { sendReply, sendEmail, notifyEscalation } = proxyActivities<OrchestratorActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '20s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [...nonRetryableErrorTypes, 'OutboxConflict', 'EmailRejected'],
  },
});
