// Compile-time tests of executeWorkflow's signature, enforced by the `typecheck` target
// (tsconfig.spec.json covers this file). Never executed: there is no workflow context here.
import type { Sum } from './fixtures/workflows';
import { addNumbers, ping } from './fixtures/workflows';
import { executeWorkflow } from '../index';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

async function optionalArg(greeting?: string): Promise<string> {
  return greeting ?? 'hi';
}

export async function typeChecks(): Promise<void> {
  // The result type is inferred from the workflow function, in both modes.
  const _inline = executeWorkflow(addNumbers, { args: [1, 2] });
  const _child = executeWorkflow(addNumbers, { args: [1, 2], asChild: true, workflowId: 'sum-1', taskQueue: 'q' });
  expectType<Equal<typeof _inline, Promise<Sum>>>();
  expectType<Equal<typeof _child, Promise<Sum>>>();
  expectType<Equal<Awaited<ReturnType<typeof executeWorkflow<typeof ping>>>, 'pong'>>();

  // Arguments are checked against the function's parameters.
  // @ts-expect-error a string where a number is expected
  await executeWorkflow(addNumbers, { args: ['1', 2] });
  // @ts-expect-error too few arguments
  await executeWorkflow(addNumbers, { args: [1] });
  // @ts-expect-error too many arguments
  await executeWorkflow(addNumbers, { args: [1, 2, 3] });
  // @ts-expect-error args are required when the function has parameters
  await executeWorkflow(addNumbers, { asChild: true });
  // @ts-expect-error ...and so are the options
  await executeWorkflow(addNumbers);

  // Without (required) parameters, args and options may be left out, but not given wrongly.
  await executeWorkflow(ping);
  await executeWorkflow(ping, { asChild: true, workflowId: 'ping-1' });
  await executeWorkflow(optionalArg);
  await executeWorkflow(optionalArg, { args: ['hello'] });
  // @ts-expect-error ping takes no arguments
  await executeWorkflow(ping, { args: ['unexpected'] });

  // Child options keep their types, and unknown options are rejected.
  // @ts-expect-error taskQueue is a string
  await executeWorkflow(ping, { asChild: true, taskQueue: 42 });
  // @ts-expect-error not an option
  await executeWorkflow(ping, { asChild: true, notAnOption: true });
}
