import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';

/** What the raw baseline's client sends: enough to name the reply. */
export interface RawEmail {
  id: string;
  text: string;
}

/** The raw baseline's activities (implemented in `raw-worker.ts`). */
export interface RawActivities {
  /** A short step standing for classify / look up / draft / record: a little CPU, no I/O. */
  step(input: { id: string; n: number; text: string }): Promise<string>;
  /** Writes the reply file (the baseline's outbox), fsynced like the file outbox. */
  writeReply(input: { id: string; text: string }): Promise<void>;
  /** Writes the RFQ file of one supplier (procurement baseline), fsynced like the file outbox. */
  sendRfq(input: { requestId: string; rfqId: string; supplier: string; text: string }): Promise<void>;
  /** Writes the purchase order file to the chosen supplier (procurement baseline). */
  writePurchaseOrder(input: { requestId: string; supplier: string; total: number }): Promise<void>;
}

export const rawEmailSignal = defineSignal<[RawEmail]>('email');
export const rawDoneSignal = defineSignal('done');

const { step, writeReply } = proxyActivities<RawActivities>({ startToCloseTimeout: '10s' });

/**
 * The hand-written baseline: signal-with-start delivers one email, then `activities` activities
 * run in sequence (the last writes the reply), then the workflow stays open like a thread awaiting
 * the customer, until `done`.
 */
export async function rawEmailWorkflow(activities: number): Promise<void> {
  let email: RawEmail | undefined;
  let done = false;
  setHandler(rawEmailSignal, (received) => {
    email ??= received;
  });
  setHandler(rawDoneSignal, () => {
    done = true;
  });
  await condition(() => email !== undefined);
  const { id, text } = email as RawEmail;
  let draft = text;
  for (let n = 1; n < activities; n++) draft = await step({ id, n, text: draft });
  await writeReply({ id, text: draft });
  await condition(() => done);
}

// The procurement baseline's workflows, in the same bundle (this file is its entry).
export { rawProcurementWorkflow, rawRfqWorkflow } from './raw-procurement-workflow';
