import { connect } from 'node:net';
import { startSmtpSink } from '../smtp-sink';

/** A bare SMTP client: sends one message, resolves with how long the `250` for it took. */
function send(port: number, messageId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const script = ['EHLO client.test', 'MAIL FROM:<a@client.test>', 'RCPT TO:<b@sink.test>', 'DATA'];
    let buffer = '';
    let step = 0;
    let sentAt = 0;
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let line = /^\d{3} .*\r\n/m.exec(buffer); line; line = /^\d{3} .*\r\n/m.exec(buffer)) {
        buffer = buffer.slice(line.index + line[0].length);
        if (step < script.length) socket.write(`${script[step++]}\r\n`);
        else if (step++ === script.length) {
          sentAt = Date.now();
          socket.write(`Message-ID: ${messageId}\r\nSubject: test\r\n\r\nHello\r\n.\r\n`);
        } else {
          socket.end('QUIT\r\n');
          resolve(Date.now() - sentAt);
        }
      }
    });
  });
}

describe(startSmtpSink, () => {
  it('keeps each message with the time it arrived, and answers 250 after answerDelayMs', async () => {
    const sink = await startSmtpSink({ answerDelayMs: 300 });
    try {
      const before = Date.now();
      const answerMs = await send(sink.port, '<slow@client.test>');
      expect(answerMs).toBeGreaterThanOrEqual(300);
      expect(sink.received).toHaveLength(1);
      expect(sink.received[0]).toMatchObject({ envelope: { from: 'a@client.test', to: ['b@sink.test'] }, parsed: { messageId: '<slow@client.test>' } });
      // It had the message (receivedAt) the delay before it answered.
      const receivedAt = sink.received[0]?.receivedAt.getTime() ?? 0;
      expect(receivedAt).toBeGreaterThanOrEqual(before);
      expect(Date.now() - receivedAt).toBeGreaterThanOrEqual(290);
    } finally {
      await sink.close();
    }
  });
});
