import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

/**
 * The development mailbox: a real SMTP server in the same process that keeps what it receives
 * in memory, so a new user can do the whole login on one machine. Never started in production.
 */
export interface ReceivedMail {
  readonly id: number;
  readonly receivedAt: Date;
  readonly messageId: string | null;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
}

const KEEP_AT_MOST = 500;

export class DevMailbox {
  readonly #messages: ReceivedMail[] = [];
  readonly #listeners = new Set<(mail: ReceivedMail) => void>();
  #nextId = 1;
  #server: SMTPServer | undefined;
  #port = 0;

  get port(): number {
    return this.#port;
  }

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.#port}`;
  }

  async start(port: number): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      banner: 'Praktijkportaal development mailbox',
      logger: false,
      size: 1024 * 1024,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.#store({
              id: this.#nextId++,
              receivedAt: new Date(),
              messageId: parsed.messageId ?? null,
              from: parsed.from?.text ?? '',
              to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? ''),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
            });
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      },
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#port = (server.server.address() as AddressInfo).port;
  }

  #store(mail: ReceivedMail): void {
    this.#messages.unshift(mail);
    if (this.#messages.length > KEEP_AT_MOST) this.#messages.length = KEEP_AT_MOST;
    for (const listener of this.#listeners) listener(mail);
  }

  /** Newest first. */
  list(): readonly ReceivedMail[] {
    return this.#messages;
  }

  clear(): void {
    this.#messages.length = 0;
  }

  find(id: number): ReceivedMail | undefined {
    return this.#messages.find((mail) => mail.id === id);
  }

  /** Resolves with the first message (already here or arriving) that matches. For tests and the benchmark. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const present = this.#messages.find(match);
    if (present !== undefined) return Promise.resolve(present);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(listener);
        reject(new Error('no matching mail arrived in time'));
      }, timeoutMs);
      const listener = (mail: ReceivedMail) => {
        if (!match(mail)) return;
        clearTimeout(timer);
        this.#listeners.delete(listener);
        resolve(mail);
      };
      this.#listeners.add(listener);
    });
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
