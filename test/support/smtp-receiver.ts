import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly messageId: string | null;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * An SMTP server for fault tests that can be told to hold a message before answering its DATA
 * (the window in which a sender may die after sending but before the server's acceptance).
 */
export class SmtpReceiver {
  readonly accepted: Received[] = [];
  /** Messages whose data arrived, accepted or not. */
  readonly seen: Received[] = [];
  hold = false;
  #release: Array<() => void> = [];
  #server: SMTPServer | undefined;
  port = 0;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then(async (parsed) => {
            const mail: Received = {
              messageId: parsed.messageId ?? null,
              to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? ''),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
            };
            this.seen.push(mail);
            if (this.hold) await new Promise<void>((resolve) => this.#release.push(resolve));
            this.accepted.push(mail);
            callback();
          })
          .catch((error: unknown) => callback(error as Error));
      },
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    this.port = (server.server.address() as AddressInfo).port;
  }

  releaseAll(): void {
    this.hold = false;
    for (const release of this.#release.splice(0)) release();
  }

  async waitFor(match: (mail: Received) => boolean, list: 'accepted' | 'seen' = 'accepted', timeoutMs = 30_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this[list].find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error('no such mail arrived in time');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    this.releaseAll();
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
