import { proxyActivities } from '@temporalio/workflow';
import type { OrchestratorActivities } from '@org/orchestrator-activities';

// Error types that no retry can fix; activities raise them for invalid input.
const nonRetryableErrorTypes = ['InvalidActivityInput'];

/** Routing may later call an LLM: a longer timeout, a bounded number of attempts. */
export const { classifyThread } = proxyActivities<OrchestratorActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5, nonRetryableErrorTypes },
});

/**
 * Local writes (outbox, ledger) are quick and idempotent: a short timeout so a lost worker's
 * attempt is retried elsewhere within seconds, and no attempt limit (a database outage heals).
 */
export const { sendReply, recordHandledMessage } = proxyActivities<OrchestratorActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes },
});
