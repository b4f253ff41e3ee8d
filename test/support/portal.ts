/**
 * A whole portal for tests: the app built in-process (not listening unless asked), a real
 * development mailbox over SMTP, the outbox worker, and a manual clock.
 */
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import type { Config } from '../../src/config/config.ts';
import type { DatabaseKind } from '../../src/storage/database.ts';
import { ManualClock, systemClock, type Clock } from '../../src/security/clock.ts';
import { Keyring, secureRandom, type RandomSource } from '../../src/security/primitives.ts';
import { DevMailbox, type ReceivedMail } from '../../src/mail/dev-mailbox.ts';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.ts';
import { OutboxWorker } from '../../src/mail/outbox-worker.ts';
import { createAccount, createPractice, type AccountServiceDeps } from '../../src/accounts/account.service.ts';
import { openTestDatabase, type TestDatabase } from './database.ts';
import { BackgroundWork } from '../../src/http/background-work.ts';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    publicUrl: new URL('http://portal.test'),
    databaseUrl: undefined,
    dataDir: '/nonexistent',
    smtpUrl: undefined,
    mailFrom: 'Praktijkportaal <no-reply@portal.test>',
    sessionCodeTtlSeconds: 600,
    sessionIdleMinutes: 15,
    sessionAbsoluteHours: 12,
    secret: TEST_SECRET,
    production: false,
    devSmtpPort: 0,
    logLevel: 'silent',
    outboxPollMilliseconds: 100,
    outboxLeaseSeconds: 60,
    processes: 1,
    metricsPort: undefined,
    metricsHost: '127.0.0.1',
    trustProxyHops: 0,
    ...overrides,
  };
}

export interface TestPortal {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  readonly mailbox: DevMailbox;
  readonly worker: OutboxWorker;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly config: Config;
  /** Work the app started without waiting for it (a recovery request); `idle()` waits for it. */
  readonly background: BackgroundWork;
  /** Resolves when the portal has delivered mail to `to` beyond the first `after` messages. */
  nextMail(to: string, options?: { after?: number; timeoutMs?: number }): Promise<ReceivedMail>;
  mailsTo(to: string): ReceivedMail[];
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface PortalOptions {
  readonly kind?: DatabaseKind;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly config?: Partial<Config>;
  /** Replace the SMTP transport (fault tests). */
  readonly transport?: (mailbox: DevMailbox) => MailTransport;
  readonly database?: TestDatabase;
}

export async function startTestPortal(options: PortalOptions = {}): Promise<TestPortal> {
  const database = options.database ?? (await openTestDatabase(options.kind ?? 'pglite'));
  const clock = options.clock ?? systemClock;
  const config = testConfig(options.config);
  const keyring = new Keyring(config.secret);
  const logger = pino({ level: 'silent' });
  const mailbox = new DevMailbox();
  await mailbox.start(0);
  const transport = options.transport?.(mailbox) ?? smtpTransport(mailbox.smtpUrl);
  const worker = new OutboxWorker({
    db: database.db,
    clock,
    keyring,
    transport,
    mailFrom: config.mailFrom,
    publicUrl: config.publicUrl,
    logger,
    pollMilliseconds: config.outboxPollMilliseconds,
  });
  worker.start();
  const background = new BackgroundWork();
  const app = await buildApp({
    background,
    config,
    db: database.db,
    clock,
    random: options.random ?? secureRandom,
    keyring,
    logger,
    mailQueued: () => worker.wake(),
    devMailbox: mailbox,
  });
  await app.ready();

  const mailsTo = (to: string) => mailbox.list().filter((mail) => mail.to.includes(to)).reverse();
  return {
    app,
    database,
    mailbox,
    worker,
    clock,
    keyring,
    config,
    background,
    mailsTo,
    nextMail: (to, { after = mailsTo(to).length, timeoutMs = 10_000 } = {}) => {
      let seen = 0;
      return mailbox.waitFor((mail) => {
        if (!mail.to.includes(to)) return false;
        seen = mailsTo(to).length;
        return seen > after;
      }, timeoutMs).then(() => mailsTo(to)[after]!);
    },
    reset: async () => {
      // A recovery the previous test asked for may still run: let it finish on the old data.
      await background.idle();
      await database.reset();
      mailbox.clear();
    },
    close: async () => {
      await app.close();
      await worker.stop();
      transport.close();
      await mailbox.stop();
      if (options.database === undefined) await database.close();
    },
  };
}

export interface SuitePortal {
  readonly portal: TestPortal;
  readonly database: TestDatabase;
}

/**
 * One portal for a suite, on a fresh database of `kind`: registers the hooks that start it before
 * the suite's tests and close it (and its database) after them. Call it inside `describe`; its
 * `portal` and `database` are there from the suite's first hook on.
 */
export function usePortal(kind: DatabaseKind, options: Omit<PortalOptions, 'kind' | 'database'> = {}): SuitePortal {
  let portal: TestPortal | undefined;
  before(async () => {
    portal = await startTestPortal({ ...options, kind });
  });
  after(async () => {
    await portal?.close();
  });
  const started = () => {
    if (portal === undefined) throw new Error('the portal is not started yet');
    return portal;
  };
  return {
    get portal() {
      return started();
    },
    get database() {
      return started().database;
    },
  };
}

export const PATIENT = { name: 'Jan de Vries', email: 'jan@example.nl', username: 'jan', password: 'correct-horse-battery' } as const;

/** What the account service (and the CLI's commands) need, wired to the portal's database, clock and worker. */
export function serviceDeps(portal: TestPortal): AccountServiceDeps {
  return {
    db: portal.database.db,
    clock: portal.clock,
    random: secureRandom,
    keyring: portal.keyring,
    outbox: { keyring: portal.keyring, messageIdDomain: 'portal.test' },
    mailQueued: () => portal.worker.wake(),
  };
}

/** A practice and an active patient, through the same service the CLI uses. */
export async function seedPatient(portal: TestPortal, patient: { name: string; email: string; username: string; password: string } = PATIENT) {
  const deps = serviceDeps(portal);
  const existing = await portal.database.db.selectFrom('practices').select('slug').where('slug', '=', 'de-linde').executeTakeFirst();
  if (existing === undefined) await createPractice(deps, { name: 'Huisartsenpraktijk De Linde', slug: 'de-linde' });
  const { account } = await createAccount(deps, { kind: 'patient', practiceSlug: 'de-linde', ...patient });
  return account;
}

/** The six digits in the plain-text part of a session-code e-mail. */
export function codeFrom(mail: ReceivedMail): string {
  const matches = mail.text.match(/\b\d{6}\b/g) ?? [];
  if (matches.length !== 1) throw new Error(`expected exactly one code in the mail, found ${matches.length}`);
  return matches[0]!;
}

/** Polls until `check` passes; for state another component settles (the worker's record). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The worker records a sent mail just after the mailbox has it; wait for that record before
 * the clock moves, or the mail would look sent minutes late.
 */
export async function mailSettled(portal: TestPortal): Promise<void> {
  await eventually(async () => {
    const open = await portal.database.db.selectFrom('outbox').select('id').where('state', 'in', ['queued', 'sending']).execute();
    return open.length === 0;
  });
}

export { ManualClock };
