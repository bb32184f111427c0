import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', 'main.ts');

/**
 * Runs src/main.ts from source; resolves with its exit and output once it exits. `whenReady` is
 * called once it logs `ingress.ready`.
 */
export function run(env: NodeJS.ProcessEnv, whenReady?: (stdout: () => string, kill: () => void) => void) {
  const child = spawn(process.execPath, ['--conditions=@org/source', '--import', 'tsx', MAIN], {
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (whenReady && stdout.includes('"event":"ingress.ready"')) {
      const callback = whenReady;
      whenReady = undefined;
      callback(
        () => stdout,
        () => child.kill('SIGTERM'),
      );
    }
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Sends each line and collects every reply (the greeting first), one reply per line sent. */
export function dialog(port: number, lines: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const replies: string[] = [];
    let buffered = '';
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let end = buffered.search(/^\d{3} .*\r\n/m); end >= 0; end = buffered.search(/^\d{3} .*\r\n/m)) {
        const lineEnd = buffered.indexOf('\r\n', end) + 2;
        replies.push(buffered.slice(end, lineEnd).trim());
        buffered = buffered.slice(lineEnd);
        const next = lines.shift();
        if (next === undefined) {
          socket.end();
          return resolve(replies);
        }
        socket.write(`${next}\r\n`);
      }
    });
  });
}
