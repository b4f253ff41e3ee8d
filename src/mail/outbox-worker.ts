import type { Logger } from 'pino';
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import type { Keyring } from '../security/primitives.ts';
import { recordAudit } from '../audit/audit.ts';
import { unsealCode } from '../auth/sign-in/sign-in.flow.ts';
import {
  MAX_SEND_ATTEMPTS,
  claimDueMail,
  markDropped,
  markFailed,
  markRetry,
  markSent,
  outboxSecretContext,
  retryDelaySeconds,
  type ClaimedMail,
  type MailTemplate,
} from './outbox.ts';
import { renderMail, type MailSecretValues } from './templates.tsx';
import { MailSendError, type MailTransport } from './transport.ts';
import type { PortalMetrics } from '../observability/metrics.ts';

export interface OutboxWorkerDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly transport: MailTransport;
  readonly mailFrom: string;
  readonly publicUrl: URL;
  readonly logger: Logger;
  readonly pollMilliseconds: number;
  readonly leaseSeconds?: number;
  readonly metrics?: PortalMetrics;
}

const BATCH_SIZE = 20;

/**
 * Sends what the outbox holds. Woken at once after a commit that queued mail, and polling for
 * mail queued by other processes or due for a retry. A message is marked sent only after the
 * SMTP server accepted it; if this process dies in between, the lease runs out and another
 * worker sends it again, with the same Message-ID.
 */
export class OutboxWorker {
  readonly #deps: OutboxWorkerDeps;
  #running = false;
  #loop: Promise<void> | undefined;
  #wakeUp: (() => void) | undefined;
  #pendingWake = false;

  constructor(deps: OutboxWorkerDeps) {
    this.#deps = deps;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  wake(): void {
    this.#pendingWake = true;
    this.#wakeUp?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wakeUp?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let handled = 0;
      try {
        handled = await this.runOnce();
      } catch (error) {
        this.#deps.logger.error({ err: error }, 'outbox worker round failed');
      }
      // A full batch may leave more due at once. Otherwise what is left is either not due yet
      // (the poll finds it) or was queued meanwhile, and then wake() has set #pendingWake.
      if (handled >= BATCH_SIZE || !this.#running) continue;
      if (this.#pendingWake) {
        this.#pendingWake = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#deps.pollMilliseconds);
        this.#wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wakeUp = undefined;
      this.#pendingWake = false;
    }
  }

  /** Claims one batch of due messages and sends them; returns how many were handled. */
  async runOnce(): Promise<number> {
    const rows = await claimDueMail(this.#deps.db, this.#deps.clock.now(), BATCH_SIZE, this.#deps.leaseSeconds);
    await Promise.all(rows.map((row) => this.#deliver(row)));
    return rows.length;
  }

  #secretsFor(row: ClaimedMail): MailSecretValues | { dropped: string } {
    const { keyring, clock } = this.#deps;
    if (row.session_code_id !== null) {
      // Read with the claim, a moment ago.
      const code = row.code;
      // A code that is used, replaced or run out is not worth sending: it would only mislead.
      if (code === null || code.state !== 'live') return { dropped: `code ${code?.state ?? 'missing'}` };
      if (code.expires_at <= clock.now()) return { dropped: 'code expired before it could be sent' };
      const plain = unsealCode(keyring, code);
      return plain === null ? { dropped: 'code no longer kept' } : { code: plain };
    }
    if (row.template === 'email_change_code') {
      // The code of an e-mail change travels sealed in this row. The change wipes it when it
      // ends (a newer request, too many wrong tries, used), and a code past its time would
      // only mislead: either way the e-mail is dropped, not sent.
      if (row.secret_sealed === null) return { dropped: 'code no longer valid' };
      const expiresAt = new Date(String(row.params['expiresAt']));
      if (!(expiresAt > clock.now())) return { dropped: 'code expired before it could be sent' };
      return { code: keyring.unseal(row.secret_sealed, outboxSecretContext(row.id)) };
    }
    if (row.secret_sealed !== null) {
      const token = keyring.unseal(row.secret_sealed, outboxSecretContext(row.id));
      const path = typeof row.params['linkPath'] === 'string' ? row.params['linkPath'] : '/';
      return { link: new URL(`${path}${token}`, this.#deps.publicUrl).toString() };
    }
    return { loginLink: new URL('/inloggen', this.#deps.publicUrl).toString() };
  }

  async #deliver(row: ClaimedMail): Promise<void> {
    const { db, clock, logger } = this.#deps;
    const log = logger.child({ outboxId: row.id, template: row.template });
    try {
      const secrets = this.#secretsFor(row);
      if ('dropped' in secrets) {
        await db.transaction().execute(async (tx) => {
          await markDropped(tx, row.id, secrets.dropped);
          await recordAudit(tx, clock.now(), {
            action: 'mail.dropped',
            outcome: 'info',
            practiceId: row.practice_id,
            subjectAccountId: row.account_id,
            details: { outboxId: row.id, template: row.template, reason: secrets.dropped },
          });
        });
        return;
      }
      const mail = renderMail(row.template as MailTemplate, row.params as Record<string, string>, secrets);
      const outcome = await this.#deps.transport.send({
        from: this.#deps.mailFrom,
        to: row.to_address,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: row.message_id,
      });
      const sentAt = clock.now();
      await db.transaction().execute(async (tx) => {
        await markSent(tx, row.id, sentAt, outcome.response);
        await recordAudit(tx, sentAt, {
          action: 'mail.sent',
          outcome: 'success',
          practiceId: row.practice_id,
          subjectAccountId: row.account_id,
          details: { outboxId: row.id, template: row.template, smtp: outcome.response.slice(0, 200) },
        });
      });
      this.#deps.metrics?.mailSent(row.template, sentAt.getTime() - row.created_at.getTime());
      log.info({ attempts: row.attempts }, 'mail sent');
    } catch (error) {
      const permanent = error instanceof MailSendError && error.permanent;
      const message = error instanceof Error ? error.message : String(error);
      const now = clock.now();
      this.#deps.metrics?.mailFailed(permanent || row.attempts >= MAX_SEND_ATTEMPTS ? 'permanent' : 'retry');
      if (permanent || row.attempts >= MAX_SEND_ATTEMPTS) {
        await db.transaction().execute(async (tx) => {
          await markFailed(tx, row.id, message);
          await recordAudit(tx, now, {
            action: 'mail.failed',
            outcome: 'failure',
            practiceId: row.practice_id,
            subjectAccountId: row.account_id,
            details: { outboxId: row.id, template: row.template, smtp: message.slice(0, 200), permanent },
          });
        });
        log.warn({ attempts: row.attempts, permanent }, 'mail failed for good');
      } else {
        await markRetry(db, row.id, new Date(now.getTime() + retryDelaySeconds(row.attempts) * 1000), message);
        log.warn({ attempts: row.attempts }, 'mail send failed, will retry');
      }
    }
  }
}
