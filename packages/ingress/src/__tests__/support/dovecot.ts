import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@org/orchestrator-testing';

/** A Dovecot IMAP server of one test: config, mail and logs in a temp dir, on a free port of 127.0.0.1. */
export interface DovecotServer {
  host: string;
  port: number;
  user: string;
  pass: string;
  /** Its log file (read it when a test fails). */
  log(): string;
  /** Stops the server, keeping its mail and port (start it again with `restart`). */
  halt(): Promise<void>;
  /** Stops it (if running) and starts it again on the same port with the same mail. */
  restart(): Promise<void>;
  /** Stops it and deletes its directory. */
  stop(): Promise<void>;
}

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p)) ?? 'dovecot';

/** Ids of a system user, or undefined. */
function idsOf(name: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Starts `dovecot -F -c <tmp>/dovecot.conf`: IMAP only, no SSL, PLAIN/LOGIN auth with one static
 * password, Maildir under the temp dir. As root, Dovecot's own unprivileged users (`dovecot`,
 * `dovenull`, from the Debian package) run the internal and login processes and own the mail; as
 * any other user, everything runs as that user. Install with `install_dovecot`
 * (tools/scripts/system-deps.sh).
 */
export async function startDovecot(): Promise<DovecotServer> {
  if (spawnSync(DOVECOT, ['--version']).status !== 0) {
    throw new Error('Dovecot is not installed: run `bash -c "source tools/scripts/system-deps.sh; install_dovecot"` (Debian: apt-get install dovecot-imapd)');
  }
  const root = mkdtempSync(join(tmpdir(), 'dovecot-'));
  const port = await freePort();
  const user = 'orders';
  const pass = 'secret-password';
  const me = userInfo();
  const asRoot = me.uid === 0;
  const mailOwner = asRoot ? idsOf('dovecot') : { uid: me.uid, gid: me.gid };
  if (!mailOwner) throw new Error('running as root but the "dovecot" system user is missing (install dovecot-imapd)');
  const internalUser = asRoot ? 'dovecot' : me.username;
  const loginUser = asRoot ? (idsOf('dovenull') ? 'dovenull' : 'dovecot') : me.username;

  // Dovecot's unprivileged processes must reach the mail directory.
  chmodSync(root, 0o755);
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(root, sub));
  if (asRoot) chownSync(join(root, 'mail'), mailOwner.uid, mailOwner.gid);

  writeFileSync(
    join(root, 'dovecot.conf'),
    `# Written by packages/ingress tests: a throwaway IMAP server.
base_dir = ${root}/run
state_dir = ${root}/state
log_path = ${root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${root}/mail/%u
default_internal_user = ${internalUser}
default_login_user = ${loginUser}
first_valid_uid = 1
first_valid_gid = 0
passdb {
  driver = static
  args = password=${pass}
}
userdb {
  driver = static
  args = uid=${mailOwner.uid} gid=${mailOwner.gid} home=${root}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );

  const log = () => {
    try {
      return readFileSync(join(root, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  };

  let child: ChildProcess;
  let exited: Promise<void>;
  async function launch(): Promise<void> {
    // Its own process group, so that halt() also ends the imap processes of open sessions at once.
    child = spawn(DOVECOT, ['-F', '-c', join(root, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const current = child;
    exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    const deadline = Date.now() + 15_000;
    while (!(await canConnect(port))) {
      if (current.exitCode !== null || Date.now() > deadline) {
        current.kill('SIGKILL');
        throw new Error(`dovecot did not start on 127.0.0.1:${port}:\n${output}\n${log()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async function halt(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const group = -(child.pid as number);
    process.kill(group, 'SIGTERM');
    const timer = setTimeout(() => process.kill(group, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  try {
    await launch();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  return {
    host: '127.0.0.1',
    port,
    user,
    pass,
    log,
    async restart() {
      await halt();
      await launch();
    },
    async halt() {
      await halt();
    },
    async stop() {
      await halt();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
