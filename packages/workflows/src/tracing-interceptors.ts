/**
 * Workflow interceptors for OpenTelemetry tracing, for `workflowInterceptorModules` (bundled with the
 * workflow code): spans for the workflow run, signals handled, activities and children started,
 * exported through the worker's `exporter` sink.
 *
 * Not `@temporalio/interceptors-opentelemetry/lib/workflow-interceptors` as is: its update handler
 * span adds awaits around each update handler, so an update's completion lands after commands it
 * used to precede, and recorded histories with updates (approvals, retries, agent replies) fail to
 * replay. Here update spans (validation and handling, with the update id, children of the caller's
 * span) are opened and ended synchronously around the call, awaiting nothing: the handler's promise
 * goes back to the SDK untouched, so no command moves. A handling span covers the handler's
 * synchronous part, which for this project's handlers is all of it.
 * @module
 */
import type { Next, UpdateInput, WorkflowInboundCallsInterceptor, WorkflowInterceptors } from '@temporalio/workflow';
import { UPDATE_ID_ATTR_KEY, extractContextFromHeaders, instrumentSync } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import { SPAN_DELIMITER, SpanName } from '@temporalio/interceptors-opentelemetry/lib/workflow/definitions';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';

/** The library's inbound interceptor with update spans that await nothing (see the module comment). */
class ReplaySafeInboundInterceptor extends OpenTelemetryInboundInterceptor {
  override handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    return this.updateSpan(SpanName.WORKFLOW_HANDLE_UPDATE, input, () => next(input));
  }

  override validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    this.updateSpan(SpanName.WORKFLOW_VALIDATE_UPDATE, input, () => next(input));
  }

  private updateSpan<T>(kind: SpanName, input: UpdateInput, call: () => T): T {
    return instrumentSync({
      tracer: this.tracer,
      spanName: `${kind}${SPAN_DELIMITER}${input.name}`,
      context: extractContextFromHeaders(input.headers),
      fn: (span) => {
        span.setAttribute(UPDATE_ID_ATTR_KEY, input.updateId);
        return call();
      },
    });
  }
}

/** The factory the workflow bundle calls once per workflow run. */
export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new ReplaySafeInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
