import type { QueryDefinition, SignalDefinition } from '@temporalio/common';
import type { CompleteThreadRequest, ThreadState } from './thread';
import type { EmailMessageInput } from './email';

// Definitions are plain `{ type, name }` objects (what `defineSignal` returns), built here
// so that clients need not depend on `@temporalio/workflow`.
function signal<Args extends unknown[], Name extends string>(name: Name): SignalDefinition<Args, Name> {
  return { type: 'signal', name } as SignalDefinition<Args, Name>;
}
function query<Ret, Name extends string>(name: Name): QueryDefinition<Ret, [], Name> {
  return { type: 'query', name } as QueryDefinition<Ret, [], Name>;
}

/** Delivers one inbound email to its thread. Payloads are validated by the workflow too. */
export const newMessageSignal = signal<[EmailMessageInput], 'NEW_MESSAGE'>('NEW_MESSAGE');

/** Asks the thread to finish the work in hand and complete with a summary. */
export const completeThreadSignal = signal<[CompleteThreadRequest?], 'COMPLETE_THREAD'>('COMPLETE_THREAD');

/** The thread's current state; answerable at any time. */
export const threadStateQuery = query<ThreadState, 'threadState'>('threadState');
