/**
 * Scores a provider on a labelled set: the classification's accuracy table, the overall field accuracy and
 * how well the classification's confidence flags its own mistakes. Used by the accuracy tests and
 * by the `eval:agents` command, so both print the same figures.
 */
import type { Agents } from '../src/agent';
import { CLASSIFY_CONFIDENCE_THRESHOLD } from '../src/tasks/classify-thread';
import { AccuracyTable } from '../src/eval/accuracy-table';
import type { LabelledEmail } from '../src/eval/corpus';

/** How the classification's confidence relates to its mistakes. */
export interface Calibration {
  threshold: number;
  /** Emails whose flow or intent was wrong. */
  wrong: number;
  /** Of those, how many carried a confidence below the threshold (the flows hand them to a human). */
  wrongFlagged: number;
  /** Emails classified right. */
  right: number;
  /** Of those, how many were below the threshold anyway (needless handoffs). */
  rightFlagged: number;
}

export interface Evaluation {
  tables: AccuracyTable[];
  calibration: Calibration;
}

/**
 * Runs the thread core's labelled task (the classification) of `emails` through `agents` and scores
 * the answers. The flows' tasks are scored by their packages (procurement: `eval:procurement`,
 * support: `eval:support`) on the same corpus.
 */
export async function evaluate(agents: Agents, emails: readonly LabelledEmail[], label = ''): Promise<Evaluation> {
  const { table: classify, calibration } = await classifyTable(agents, emails, label);
  return { tables: [classify].filter((t) => t.fields().length > 0), calibration };
}

async function classifyTable(agents: Agents, emails: readonly LabelledEmail[], label: string) {
  const table = new AccuracyTable(`classifyThread${label} (${emails.length} emails)`);
  const calibration: Calibration = { threshold: CLASSIFY_CONFIDENCE_THRESHOLD, wrong: 0, wrongFlagged: 0, right: 0, rightFlagged: 0 };
  for (const { id, email, expected } of emails) {
    const { output } = await agents.classifyThread(email);
    for (const field of ['flow', 'intent', 'urgency', 'language', 'sentiment'] as const) {
      table.record(field, id, output[field] === expected.classify[field], output[field]);
    }
    const right = output.flow === expected.classify.flow && output.intent === expected.classify.intent;
    const flagged = output.confidence < CLASSIFY_CONFIDENCE_THRESHOLD;
    if (right) {
      calibration.right++;
      if (flagged) calibration.rightFlagged++;
    } else {
      calibration.wrong++;
      if (flagged) calibration.wrongFlagged++;
    }
  }
  return { table, calibration };
}
