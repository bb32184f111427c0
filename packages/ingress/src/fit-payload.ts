import type { BlobStore } from '@org/orchestrator-blob-store';
import type { EmailMessage, EmailMessageInput, EmailTrim, EmailTrimmedPart } from '@org/orchestrator-contracts';
import { PAYLOAD_LIMITS, parseEmailMessage, serializedPayloadBytes } from '@org/orchestrator-contracts';

/** What {@link fitToSignalBudget} did. */
export interface FittedMessage {
  message: EmailMessage;
  /** Serialized size of `message` (UTF-8 JSON bytes). */
  bytes: number;
  /** Serialized size before fitting. */
  originalBytes: number;
  /** Bodies moved whole to the blob store (`textRef`/`htmlRef`) to fit. */
  stored: ('text' | 'html')[];
  /** Parts cut to fit (also recorded in `message.trimmed`). */
  trimmed: EmailTrimmedPart[];
}

const STORED = '\n[… truncated; the full text is in textRef]';
/** Names shortened when attachment metadata alone is too big (each name may be 1,000+ bytes of escapes). */
const SHORT_NAME = 128;
const SHORT_SUBJECT = 256;
/** A body smaller than this stays inline: moving it would save less than a blob write costs. */
const SMALL_BODY_BYTES = 1024;

/**
 * Fits a message into one signal of at most `budgetBytes` serialized bytes, in this order, each
 * step only while the message is still too big:
 *
 * 1. the HTML body goes to the blob store (`htmlRef`) and leaves the payload;
 * 2. the text body goes to the blob store whole (`textRef`) and `text` shrinks to a shorter excerpt
 *    (bodies under 1 KiB stay as they are);
 * 3. `references` keeps its root (the thread id) and fewer of the most recent ancestors;
 * 4. recipient display names are dropped;
 * 5. attachment file names and content types are shortened and content ids dropped;
 * 6. the subject is cut to 256 characters.
 *
 * Steps 3–6 lose information and are recorded in `message.trimmed` (`{ part, kept, of }`); the
 * bodies are not lost (their refs say where they are). Whatever still does not fit is refused by
 * `deliverEmail` (`PayloadTooLargeError`), and the ingress quarantines it.
 * @throws {InvalidPayloadError} when the message fails the contracts schema.
 * @throws whatever `blobStore.put` throws (the store is unavailable: a transient failure).
 */
export async function fitToSignalBudget(
  input: EmailMessageInput,
  blobStore: BlobStore,
  budgetBytes: number = PAYLOAD_LIMITS.signalBudgetBytes,
): Promise<FittedMessage> {
  const message = parseEmailMessage(input);
  const originalBytes = serializedPayloadBytes(message);
  const result: FittedMessage = { message, bytes: originalBytes, originalBytes, stored: [], trimmed: [] };
  const over = () => (result.bytes = serializedPayloadBytes(message)) > budgetBytes;
  if (!over()) return result;

  if (message.html !== undefined && serializedPayloadBytes(message.html) > SMALL_BODY_BYTES) {
    if (!message.htmlRef) {
      message.htmlRef = await blobStore.put(Buffer.from(message.html, 'utf8'), { contentType: 'text/html; charset=utf-8' });
      result.stored.push('html');
    }
    delete message.html;
    if (!over()) return result;
  }

  if (serializedPayloadBytes(message.text) > SMALL_BODY_BYTES) {
    if (!message.textRef) {
      message.textRef = await blobStore.put(Buffer.from(message.text, 'utf8'), { contentType: 'text/plain; charset=utf-8' });
      result.stored.push('text');
    }
    const excerpt = message.text.endsWith(STORED) ? message.text.slice(0, -STORED.length) : message.text;
    for (let length = Math.floor(excerpt.length / 2); ; length = Math.floor(length / 2)) {
      message.text = length < 64 ? STORED.trimStart() : prefix(excerpt, length) + STORED;
      if (!over() || length < 64) break;
    }
    if (!over()) return result;
  }

  const references = message.references;
  if (references.length > 2) {
    for (let recent = Math.floor((references.length - 1) / 2); ; recent = Math.floor(recent / 2)) {
      const kept = Math.max(recent, 1);
      message.references = [references[0] as string, ...references.slice(-kept)];
      if (!over() || kept === 1) break;
    }
    recordCut(message, result, 'references', message.references.length, references.length);
    if (!over()) return result;
  }

  const named = [...message.to, ...message.cc].filter((r) => r.name !== undefined).length;
  if (named > 0) {
    for (const recipient of [...message.to, ...message.cc]) delete recipient.name;
    recordCut(message, result, 'recipient-names', 0, named);
    if (!over()) return result;
  }

  let shortened = 0;
  for (const attachment of message.attachments) {
    const before = JSON.stringify(attachment);
    attachment.filename = prefix(attachment.filename, SHORT_NAME) || 'attachment';
    attachment.contentType = prefix(attachment.contentType, SHORT_NAME) || 'application/octet-stream';
    delete attachment.contentId;
    if (JSON.stringify(attachment) !== before) shortened += 1;
  }
  if (shortened > 0) {
    recordCut(message, result, 'attachment-names', message.attachments.length - shortened, message.attachments.length);
    if (!over()) return result;
  }

  if (message.subject.length > SHORT_SUBJECT) {
    const of = message.subject.length;
    message.subject = prefix(message.subject, SHORT_SUBJECT);
    recordCut(message, result, 'subject', message.subject.length, of);
  }
  over();
  return result;
}

/** Records a cut in `message.trimmed`, one entry per part: a part the parser cut already keeps its original count. */
function recordCut(message: EmailMessage, result: FittedMessage, part: EmailTrimmedPart, kept: number, of: number): void {
  const trimmed = (message.trimmed ??= []);
  const earlier = trimmed.find((t: EmailTrim) => t.part === part);
  if (earlier) earlier.kept = kept;
  else trimmed.push({ part, kept, of });
  result.trimmed.push(part);
}

/** The first `length` UTF-16 units of `value`, not splitting a surrogate pair. */
function prefix(value: string, length: number): string {
  if (value.length <= length) return value;
  const code = value.charCodeAt(length - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}
