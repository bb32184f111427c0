import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MailTransport } from './mail-transport';

/**
 * The file name of a message in the outbox: its Message-ID made safe (letters, digits, `.`, `_`,
 * `-`, `@` and `+` kept, the rest replaced by `_`), plus a short hash of the exact id so two ids
 * that sanitise alike never share a file.
 * @example outboxFileName('<reply-1@orchestrator.local>') // 'reply-1@orchestrator.local.3f2a9c1e.eml'
 */
export function outboxFileName(messageId: string): string {
  const bare = messageId.trim().replace(/^<|>$/g, '');
  const safe =
    bare
      .replace(/[^A-Za-z0-9._@+-]/g, '_')
      .replace(/^\.+/, '_')
      .slice(0, 150) || 'message';
  const hash = createHash('sha256').update(messageId.trim()).digest('hex').slice(0, 8);
  return `${safe}.${hash}.eml`;
}

/**
 * A file outbox: each message becomes `<dir>/<outboxFileName(messageId)>`, written to a temp file
 * and renamed into place (a reader never sees half a message). Idempotent: a message whose file
 * exists is not written again, and {@link MailTransport.delivered} answers exactly.
 * The embedded default transport for local runs; point a mail client or script at the directory.
 * @example
 * const outbox = createFileOutbox('.data/outbox');
 */
export function createFileOutbox(dir: string): MailTransport {
  const root = path.resolve(dir);
  const fileOf = (messageId: string) => path.join(root, outboxFileName(messageId));
  const exists = async (file: string) => {
    try {
      await fs.access(file);
      return true;
    } catch {
      return false;
    }
  };
  return {
    kind: 'file',
    description: `file://${root}`,
    async send({ messageId, envelope, raw }) {
      const target = fileOf(messageId);
      const receipt = { location: target, accepted: envelope.to, rejected: [] as string[] };
      if (await exists(target)) return { ...receipt, response: 'already in outbox' };
      await fs.mkdir(root, { recursive: true });
      const tmp = path.join(root, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await pipeline(Buffer.isBuffer(raw) ? Readable.from([raw]) : raw, createWriteStream(tmp, { flags: 'wx' }));
        const handle = await fs.open(tmp, 'r');
        await handle.sync();
        await handle.close();
        await fs.rename(tmp, target);
      } finally {
        await fs.rm(tmp, { force: true });
      }
      return { ...receipt, response: 'file written' };
    },
    async delivered(messageId) {
      return exists(fileOf(messageId));
    },
    async close() {
      // nothing to release
    },
  };
}
