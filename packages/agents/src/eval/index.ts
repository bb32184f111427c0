/**
 * `@org/orchestrator-agents/eval`: the machinery the agents' accuracy is measured with, for the
 * packages that own agent tasks of their own (a flow's draft task scores itself with it): per-field
 * accuracy tables, the labelled corpora (JSON shipped with this package) and the generated README
 * blocks the figures are written into.
 */
export { AccuracyTable, overallAccuracy, percent } from './accuracy-table';
export { CORPUS_SETS, CORPUS_SET_DESCRIPTIONS, fromRecord, loadSet, readCorpusFile } from './corpus';
export type { CorpusRecord, CorpusSet, LabelledEmail } from './corpus';
export { generatedBlockMarkers, writeGeneratedBlock } from './generated-block';
export { runEvalCli } from './cli-runner';
export type { EvalCliOptions } from './cli-runner';
// Test helpers of the `eval:*` commands (node:http and child_process only; nothing runs unless called).
export { fakeChatEnv, lastWrappedSubject, runEvalCliFromSource, startFakeChatServer } from './fake-chat-server';
export type { ChatRequest, FakeChatServer } from './fake-chat-server';
