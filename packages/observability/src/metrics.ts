import { Counter, Registry } from 'prom-client';

/**
 * The business metrics of Agent Orchestrator (`orchestrator_*`), in a registry of their own so a
 * process exposes exactly these next to the Temporal runtime's.
 */
export class OrchestratorMetrics {
  readonly registry = new Registry();
  /** Emails handed to a thread (`source`: `smtp`, `imap`; the worker counts `handled` instead). */
  readonly emailsAccepted = new Counter({
    name: 'orchestrator_emails_accepted_total',
    help: 'Emails accepted and handed to their thread',
    labelNames: ['source'],
    registers: [this.registry],
  });
  readonly emailsQuarantined = new Counter({
    name: 'orchestrator_emails_quarantined_total',
    help: 'Emails refused and kept in quarantine',
    labelNames: ['source', 'reason'],
    registers: [this.registry],
  });
  readonly messagesHandled = new Counter({
    name: 'orchestrator_messages_handled_total',
    help: 'Messages a thread finished handling',
    registers: [this.registry],
  });
  readonly emailsSent = new Counter({
    name: 'orchestrator_emails_sent_total',
    help: 'Emails sent (replies, RFQs, notices, orders); a retry found already sent is not counted',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly escalations = new Counter({
    name: 'orchestrator_escalations_total',
    help: 'Escalation notices handled (sent, or skipped without ESCALATION_ADDRESS)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly agentCalls = new Counter({
    name: 'orchestrator_agent_calls_total',
    help: 'Agent (LLM) calls that returned a result',
    labelNames: ['provider', 'model'],
    registers: [this.registry],
  });
  readonly agentTokens = new Counter({
    name: 'orchestrator_agent_tokens_total',
    help: 'Agent tokens used',
    labelNames: ['provider', 'model', 'direction'],
    registers: [this.registry],
  });
  readonly activityFailures = new Counter({
    name: 'orchestrator_activity_failures_total',
    help: 'Activity attempts that failed',
    labelNames: ['activity'],
    registers: [this.registry],
  });

  /** The registry in Prometheus text format. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
