// `npm run temporal:start`: the local Temporal dev server, in the foreground, until Ctrl+C.
import { startDevServer } from '../dev-server';

async function main(): Promise<void> {
  const server = await startDevServer();
  console.log(`Temporal dev server listening on ${server.address} (namespace "default")`);
  console.log(`Web UI: ${server.uiUrl}`);

  let forwarded = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      forwarded = true;
      void server.stop(signal);
    });
  }
  const { code, signal } = await server.exited;
  if (!forwarded) console.error(`Temporal dev server exited unexpectedly (${signal ?? `code ${code}`})`);
  process.exit(forwarded ? (code ?? 0) : code || 1);
}

main().catch((err: unknown) => {
  console.error(`temporal:start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
