import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

/**
 * The one way mail leaves the portal: SMTP through nodemailer, to the relay of `SMTP_URL` or to
 * the development mailbox in this process. Pooled connections keep a burst of logins cheap.
 */
export interface OutgoingMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
}

export interface SendOutcome {
  readonly response: string;
}

export interface MailTransport {
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** True when the SMTP server answers; for the readiness check. */
  verify(): Promise<boolean>;
  close(): void;
}

/** An SMTP failure, classified: a 5xx answer is permanent, anything else may pass on retry. */
export class MailSendError extends Error {
  override readonly name = 'MailSendError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode: number | null,
  ) {
    super(message);
  }
}

export function smtpTransport(url: string): MailTransport {
  const transporter: Transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 5,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(message) {
      try {
        const info = await transporter.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        return { response: String(info.response ?? '') };
      } catch (error) {
        const smtpError = error as { responseCode?: number; response?: string; message?: string };
        const code = typeof smtpError.responseCode === 'number' ? smtpError.responseCode : null;
        const text = smtpError.response ?? smtpError.message ?? 'unknown SMTP error';
        throw new MailSendError(text, code !== null && code >= 500 && code < 600, code);
      }
    },
    async verify() {
      try {
        await transporter.verify();
        return true;
      } catch {
        return false;
      }
    },
    close() {
      transporter.close();
    },
  };
}
