import type { SupportActivities } from '../node/support-activities';
import { agentStepsFor, shortStepsFor } from '@org/orchestrator-thread-kit';

// The support flow's own activities (the support package's `./node` entry, types only), proxied with
// the thread kit's options: the same activity types, options and local-or-not choice as ever.

const steps = shortStepsFor<SupportActivities>();

/** Looks up the customer, the order named, recent orders, articles and the thread's earlier ticket (a short step). */
export const lookupSupportFacts: SupportActivities['lookupSupportFacts'] = (input) => steps().lookupSupportFacts(input);
/** Opens (or reopens) the thread's ticket and assigns it (a short step). */
export const openSupportTicket: SupportActivities['openSupportTicket'] = (input) => steps().openSupportTicket(input);
/** Closes the thread's ticket (a short step). */
export const closeSupportTicket: SupportActivities['closeSupportTicket'] = (input) => steps().closeSupportTicket(input);

/** The drafting agent for a thread with its flow configuration: inline for an in-process provider, else an activity. */
export const supportAgents = agentStepsFor<Pick<SupportActivities, 'draftSupportAnswer'>>();
