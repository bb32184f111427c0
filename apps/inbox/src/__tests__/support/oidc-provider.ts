import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A provider account: the login typed on its sign-in page is the key. */
export interface TestAccount {
  email: string;
  email_verified?: boolean;
}

/** A running OpenID provider (panva's `oidc-provider`) on 127.0.0.1, in its own process. */
export interface TestOidcProvider {
  issuer: string;
  port: number;
  /** Everything the provider wrote on stderr (for a failing test's message). */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts `oidc-provider-process.mjs`. `issuer` may name another host than the one it listens on
 * (`{port}` is replaced), to play a provider whose discovery document names another issuer.
 */
export async function startTestOidcProvider(settings: {
  issuer?: string;
  client: { id: string; secret: string; redirectUri: string; postLogoutRedirectUri?: string };
  accounts: Record<string, TestAccount>;
}): Promise<TestOidcProvider> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider-process.mjs')], {
    env: { ...process.env, NODE_ENV: 'test', OIDC_TEST_PROVIDER: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await new Promise<{ issuer: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start in 20 s: ${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as { issuer: string; port: number });
    });
  });
  return {
    ...ready,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
