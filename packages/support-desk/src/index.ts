/**
 * The Customer Support flow, workflow-safe part (no I/O, no clock, no Node built-ins): the
 * support `ThreadFlow` on the thread kit ({@link supportFlow}, with its activity proxies typed by
 * its own `./node` activities), its policy and its texts.
 *
 * - {@link autoReplyDecision}: may a drafted answer go out without a human?
 * - {@link isSameCustomer}, {@link slaDeadline}, {@link isKnownAgent}, {@link validateAgentReply}
 * - {@link extractOrderNumbers}, {@link toOrderFact}
 * - {@link supportFlow} (one line of the thread workflow's registry; it registers the thread's
 *   `submitAgentReply` update through `ThreadFlow.setHandlers`)
 *
 * The stores (customers, orders, tickets, knowledge base), the activities and the flow's
 * `FlowModule` are in `@org/orchestrator-support-desk/node`, for the worker only.
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
export type { SupportConfig, SupportConfigOverrides } from './config';
export { supportFlow } from './flow/support-flow';
export type { SupportState } from './flow/support-flow';
/** The support flow's texts in every reply language (the thread workflow's language tests read them). */
export * as supportTexts from './flow/messages';
