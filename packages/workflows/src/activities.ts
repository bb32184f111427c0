import { proxyActivities } from '@temporalio/workflow';
import type { OrchestratorActivities } from '@org/orchestrator-activities';

// Error types that no retry can fix: invalid input, and an agent that answered unusably.
const nonRetryableErrorTypes = ['InvalidActivityInput'];
const nonRetryableAgentErrorTypes = [...nonRetryableErrorTypes, 'AgentOutputInvalid', 'AgentRequestRejected'];

/**
 * Agent calls may go to a remote LLM: a generous timeout and a bounded number of attempts, after
 * which the thread escalates to a human instead of waiting forever.
 */
export const { classifyThread } = proxyActivities<OrchestratorActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
    nonRetryableErrorTypes: nonRetryableAgentErrorTypes,
  },
});

/**
 * Local writes (the handled-message ledger) are quick and idempotent: a short timeout so a lost
 * worker's attempt is retried elsewhere within seconds, and no attempt limit (a database outage heals).
 */
export const { recordHandledMessage } = proxyActivities<OrchestratorActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes },
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
