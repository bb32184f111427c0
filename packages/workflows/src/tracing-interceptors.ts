/**
 * Workflow interceptors for OpenTelemetry tracing, for `workflowInterceptorModules` (bundled with the
 * workflow code): spans for the workflow run, signals handled, activities and children started,
 * exported through the worker's `exporter` sink.
 *
 * Not `@temporalio/interceptors-opentelemetry/lib/workflow-interceptors` as is: its update handler
 * span adds awaits around each update handler, so an update's completion lands after commands it
 * used to precede, and recorded histories with updates (approvals, retries, agent replies) fail to
 * replay. Updates (and their validators) pass through untraced here, which changes no command.
 * @module
 */
import type { Next, UpdateInput, WorkflowInboundCallsInterceptor, WorkflowInterceptors } from '@temporalio/workflow';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';

/** The library's inbound interceptor without update spans (see the module comment). */
class ReplaySafeInboundInterceptor extends OpenTelemetryInboundInterceptor {
  override handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    return next(input);
  }

  override validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    next(input);
  }
}

/** The factory the workflow bundle calls once per workflow run. */
export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new ReplaySafeInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
