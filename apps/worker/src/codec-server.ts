#!/usr/bin/env node
import type { AddressInfo } from 'node:net';
import { AesGcmPayloadCodec, createCodecServer, encryptionKeysFromEnv } from '@org/orchestrator-contracts/client';
import { codecServerConfigFromEnv } from './codec-server-config';

/**
 * `orchestrator-codec-server`: decrypts payloads for the Temporal Web UI (set its codec endpoint to
 * this server) and `temporal --codec-endpoint`, with the worker's `ORCHESTRATOR_ENCRYPTION_KEYS`.
 */
async function main(): Promise<void> {
  const keys = encryptionKeysFromEnv(process.env);
  if (!keys) throw new Error('ORCHESTRATOR_ENCRYPTION_KEYS is not set: there is nothing to decode');
  const config = codecServerConfigFromEnv(process.env);
  const server = createCodecServer({ codec: new AesGcmPayloadCodec(keys), corsOrigins: config.corsOrigins, token: config.token });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.port, config.host, resolve));
  const { port } = server.address() as AddressInfo;
  console.log(
    `codec server on http://${config.host}:${port} for ${config.corsOrigins.join(', ')}${config.token ? ' (bearer token required)' : ' (no token: loopback only)'}`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close());
}

main().catch((error: unknown) => {
  console.error(`codec server failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
