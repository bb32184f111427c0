/**
 * Customer Support domain, workflow-safe part: pure, deterministic policy code (no I/O, no clock,
 * no Node built-ins) that workflow code may import.
 *
 * - {@link autoReplyDecision}: may a drafted answer go out without a human?
 * - {@link isSameCustomer}, {@link slaDeadline}, {@link isKnownAgent}, {@link validateAgentReply}
 * - {@link extractOrderNumbers}, {@link toOrderFact}
 *
 * The SQLite stores (customers, orders, tickets, knowledge base) are in
 * `@org/orchestrator-support-desk/node`, for activities only.
 * @module
 */
export type {
  Customer,
  Order,
  OrderItem,
  OrderStatus,
  Sentiment,
  Shipment,
  ShipmentStatus,
  SupportIntent,
  Ticket,
  TicketPriority,
  TicketStatus,
  Urgency,
} from './types';
export type { AutoReplyDecision, AutoReplyInput, AutoReplyRefusal, AutoReplyRefusalCode } from './auto-reply';
export { autoReplyDecision, DEFAULT_LEGAL_TERMS, findLegalTerms } from './auto-reply';
export { isSameCustomer } from './customer';
export { slaDeadline } from './sla';
export type { AgentDirectory, AgentReplyIssue, AgentReplyValidation, SubmitAgentReplyInput, SupportAgent } from './agent-reply';
export { assertAgentReply, isKnownAgent, MAX_AGENT_REPLY_LENGTH, validateAgentReply } from './agent-reply';
export type { OrderFact } from './orders';
export { extractOrderNumbers, toOrderFact } from './orders';
