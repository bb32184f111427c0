/**
 * Pinned Temporal binaries for this workspace: finds or installs the Temporal CLI (dev server)
 * and the time-skipping test server under `<workspaceRoot>/.temporal/`, and starts the dev server.
 *
 * @module
 */
export { TEMPORAL_CLI_VERSION, TEMPORAL_TEST_SERVER_VERSION } from './versions';
export { ensureTemporalCli, ensureTestServer } from './ensure';
export type { EnsureOptions } from './ensure';
export { DEV_SERVER_SEARCH_ATTRIBUTES, startDevServer } from './dev-server';
export type { DevServerHandle, SearchAttributeTypeName, StartDevServerOptions } from './dev-server';
export { findWorkspaceRoot } from './workspace';
