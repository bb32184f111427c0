import { connect } from 'node:net';
import type { SmtpSink } from '../smtp-sink';
import { startSmtpSink } from '../smtp-sink';

/**
 * A bare SMTP client: sends one message and then either says QUIT after the `250` (a sender that
 * read the answer), or stops reading after the final dot and resets the connection a moment later,
 * with the `250` unread, as the kernel does for a process killed then.
 */
function sendRaw(port: number, messageId: string, after: 'quit' | 'vanish'): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const script = ['EHLO client.test', 'MAIL FROM:<a@client.test>', 'RCPT TO:<b@sink.test>', 'DATA'];
    let buffer = '';
    let step = 0;
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      // Answer each complete reply (multi-line replies end with `NNN ` on their last line).
      while (/^\d{3} .*\r\n/m.test(buffer)) {
        const end = buffer.search(/^\d{3} .*\r\n/m);
        const line = buffer.slice(end).split('\r\n', 1)[0];
        buffer = buffer.slice(end + line.length + 2);
        if (step < script.length) {
          socket.write(`${script[step++]}\r\n`);
        } else if (step === script.length) {
          step += 1;
          socket.write(`Message-ID: ${messageId}\r\nSubject: test\r\n\r\nHello\r\n.\r\n`);
          if (after === 'vanish') {
            socket.pause();
            setTimeout(() => socket.resetAndDestroy(), 300);
          }
        } else if (line.startsWith('250') && step === script.length + 1) {
          step += 1;
          socket.write('QUIT\r\n');
        }
      }
    });
  });
}

async function until(what: string, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(startSmtpSink, () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink?.close());

  it('tells a message whose sender read the 250 from one whose sender vanished before', async () => {
    await sendRaw(sink.port, '<read@client.test>', 'quit');
    await sendRaw(sink.port, '<vanished@client.test>', 'vanish');
    await until('both messages', () => sink.received.length === 2);
    await new Promise((r) => setTimeout(r, 100)); // the sink has seen whatever it will see of both
    const byId = Object.fromEntries(sink.received.map((m) => [m.parsed.messageId, m]));
    expect(byId['<read@client.test>']).toMatchObject({ acknowledged: true, envelope: { from: 'a@client.test', to: ['b@sink.test'] } });
    expect(byId['<vanished@client.test>']?.acknowledged).toBe(false);
    expect(byId['<read@client.test>']?.receivedAt).toBeInstanceOf(Date);
  });
});
