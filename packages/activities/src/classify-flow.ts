import type { EmailMessage, FlowName } from '@org/orchestrator-contracts';

export interface FlowClassification {
  flow: FlowName;
  /** 0..1: share of the winning flow's score among all matched cues. */
  confidence: number;
  /** The cues that decided, for the thread state and for humans. */
  reason: string;
}

// Weighted cues per flow. Deterministic and offline: the agents issue puts an LLM-backed
// classifier behind the same activity; these rules remain its offline default.
const CUES: Record<Exclude<FlowName, 'unknown'>, [RegExp, number][]> = {
  procurement: [
    [/\b(purchase (request|order|requisition)|requisition|procure(ment)?)\b/i, 3],
    [/\b(rfq|request for quot(e|ation)|quotation|quote)\b/i, 2],
    [/\b(supplier|vendor|sourcing)\b/i, 2],
    [/\b(we need|need to (buy|order)|please (buy|order|source))\b/i, 2],
    [/\b\d+\s*(units?|pcs|pieces|boxes|licen[cs]es|laptops?|monitors?|chairs?)\b/i, 1],
    [/\b(budget|needed by|deliver(y|ed) to)\b/i, 1],
  ],
  support: [
    [/\b(order status|where is my (order|package|parcel)|tracking( number)?)\b/i, 3],
    [/\b(refund|return|exchange|replacement)\b/i, 2],
    [/\b(broken|damaged|defective|not working|doesn'?t work|error)\b/i, 2],
    [/\b(help|support|issue|problem|complaint|disappointed)\b/i, 1],
    [/\b(my account|password|log ?in|sign ?in)\b/i, 2],
    [/\border\s*#?\s*[A-Z0-9-]{4,}\b/i, 2],
  ],
};

/** Routes a thread's first message to a flow by weighted keyword cues in its subject and text. */
export function classifyFlow(message: Pick<EmailMessage, 'subject' | 'text'>): FlowClassification {
  const haystack = `${message.subject}\n${message.text}`;
  const scores = Object.entries(CUES).map(([flow, cues]) => {
    const matched = cues.filter(([pattern]) => pattern.test(haystack));
    return {
      flow: flow as FlowName,
      score: matched.reduce((sum, [, weight]) => sum + weight, 0),
      cues: matched.map(([pattern]) => haystack.match(pattern)?.[0] ?? ''),
    };
  });
  const total = scores.reduce((sum, s) => sum + s.score, 0);
  const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
  // Below 2 points, or a tie, nothing is clear enough to act on: hold politely instead.
  const tied = scores.filter((s) => s.score === best.score).length > 1;
  if (best.score < 2 || tied) {
    return { flow: 'unknown', confidence: 0, reason: total ? 'ambiguous cues' : 'no procurement or support cues' };
  }
  return {
    flow: best.flow,
    confidence: Math.round((best.score / total) * 100) / 100,
    reason: `matched ${best.cues.map((c) => JSON.stringify(c.toLowerCase())).join(', ')}`,
  };
}
