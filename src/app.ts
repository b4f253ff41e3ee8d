import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config/config.ts';
import type { Db } from './storage/database.ts';
import { isReachable } from './storage/database.ts';
import type { Clock } from './security/clock.ts';
import type { Keyring, RandomSource } from './security/primitives.ts';
import type { Audience } from './storage/schema.ts';
import type { SessionPolicy } from './auth/session.ts';
import { registerPlumbing } from './http/plumbing.tsx';
import { PATIENT_DOOR, STAFF_DOOR, registerSignInRoutes } from './auth/sign-in.routes.tsx';
import { registerHomeRoutes } from './home/home.routes.tsx';
import { registerConsoleRoutes } from './console/console.routes.tsx';
import { registerPatientRoutes } from './console/patients.routes.tsx';
import { registerPatientImportRoutes } from './console/patient-import.routes.tsx';
import { registerSignInDiagnosisRoutes } from './console/sign-in-diagnosis.routes.tsx';
import { registerAuditRoutes } from './console/audit.routes.tsx';
import { registerPracticeSettingsRoutes } from './console/practice-settings.routes.tsx';
import { registerConsultRoutes } from './services/consults/consults.routes.tsx';
import { registerAppointmentRoutes } from './services/appointments/appointments.routes.tsx';
import { registerPrescriptionRoutes } from './services/prescriptions/prescriptions.ts';
import { registerAuthenticatorRoutes } from './console/authenticator.routes.tsx';
import { registerAccountRoutes } from './accounts/accounts.routes.tsx';
import { registerMyAccountRoutes } from './accounts/my-account.routes.tsx';
import { registerDevMailboxRoutes } from './mail/dev-mailbox.routes.tsx';
import type { DevMailbox } from './mail/dev-mailbox.ts';
import { isLocale } from './i18n/locale.ts';
import { setCookie } from './http/cookies.ts';
import { noMetrics, type PortalMetrics } from './observability/metrics.ts';
import { newPublicId, secureRandom as idRandom } from './security/primitives.ts';
import { BackgroundWork } from './http/background-work.ts';

export interface AppDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly keyring: Keyring;
  readonly logger: Logger;
  /** Tells the outbox worker that a commit queued mail. */
  readonly mailQueued: () => void;
  readonly devMailbox?: DevMailbox;
  readonly metrics?: PortalMetrics;
  /** True when the SMTP server answers; for `/readyz`. */
  readonly mailReachable?: () => Promise<boolean>;
  /** Work requests start without waiting for it; closing the app waits for it. */
  readonly background?: BackgroundWork;
}

/** Staff sessions idle out sooner than patients': a console left open on a shared desk. */
const STAFF_IDLE_MINUTES = 10;

export function sessionPolicyFor(config: Config): (audience: Audience) => SessionPolicy {
  return (audience) => ({
    idleSeconds: 60 * (audience === 'staff' ? Math.min(STAFF_IDLE_MINUTES, config.sessionIdleMinutes) : config.sessionIdleMinutes),
    absoluteSeconds: 3600 * config.sessionAbsoluteHours,
  });
}

/** Paths that carry a token; logged with the token cut off. */
const TOKEN_PATHS_ANYWHERE = /(\/activeren\/|\/wachtwoord-herstellen\/)[^/?&#\s]+/g;

export function redactUrl(url: string): string {
  // Decoded first: a token can also travel encoded inside another parameter (the language
  // link's `terug`). The CSRF token rides in the query of file uploads.
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // Not valid percent-encoding: redact what is there as it is.
  }
  return decoded.replace(TOKEN_PATHS_ANYWHERE, '$1[token]').replace(/([?&]_csrf=)[^&]*/g, '$1[token]');
}

/**
 * A path on this site to go back to, whatever the client sent: resolved against PUBLIC_URL and
 * kept only when it stays on that origin (no `//evil`, `/\\evil`, or control characters that
 * browsers strip).
 */
export function sameSitePath(back: string, publicUrl: URL): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point here
  if (!back.startsWith('/') || /[\u0000-\u001f\\]/.test(back)) return '/';
  try {
    const target = new URL(back, publicUrl);
    return target.origin === publicUrl.origin ? `${target.pathname}${target.search}` : '/';
  } catch {
    return '/';
  }
}

/** Builds the portal as a Fastify app that does not listen: main.ts listens, tests inject. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // A hop count, not `true`: with `true` Fastify believes the left-most X-Forwarded-For entry,
    // which the client writes itself (a forged address in the audit trail and the throttles).
    trustProxy: config.trustProxyHops > 0 ? (_address: string, hop: number) => hop < config.trustProxyHops : false,
    bodyLimit: 64 * 1024,
    requestIdHeader: false,
    // Random request ids, so log lines of several processes never collide.
    genReqId: () => newPublicId(idRandom),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  const background = deps.background ?? new BackgroundWork();
  // Before the caller closes the database: a recovery answered a moment ago still finishes.
  app.addHook('onClose', async () => background.idle());

  const sessionPolicy = sessionPolicyFor(config);
  const http = await registerPlumbing(app, {
    db: deps.db,
    clock: deps.clock,
    random: deps.random,
    keyring: deps.keyring,
    publicUrl: config.publicUrl,
    production: config.production,
    developmentRoutes: deps.devMailbox !== undefined && !config.production,
    sessionPolicy,
  });

  const outbox = { keyring: deps.keyring, messageIdDomain: config.publicUrl.hostname };
  const signInDeps = {
    db: deps.db,
    clock: deps.clock,
    random: deps.random,
    keyring: deps.keyring,
    outbox,
    codeTtlSeconds: config.sessionCodeTtlSeconds,
    sessionPolicy,
    mailQueued: deps.mailQueued,
    http,
    metrics: deps.metrics ?? noMetrics,
  };
  registerSignInRoutes(app, signInDeps, PATIENT_DOOR);
  registerSignInRoutes(app, signInDeps, STAFF_DOOR);
  registerHomeRoutes(app, { db: deps.db, clock: deps.clock, sessionCookie: http.cookies.session });
  registerConsoleRoutes(app, { db: deps.db });
  registerSignInDiagnosisRoutes(app, { db: deps.db, clock: deps.clock });
  registerPatientRoutes(app, { db: deps.db, clock: deps.clock, random: deps.random, keyring: deps.keyring, outbox, mailQueued: deps.mailQueued });
  registerPatientImportRoutes(app, { db: deps.db, clock: deps.clock, random: deps.random, keyring: deps.keyring, outbox, mailQueued: deps.mailQueued });
  registerAuditRoutes(app, { db: deps.db, clock: deps.clock });
  registerPracticeSettingsRoutes(app, { db: deps.db, clock: deps.clock });
  registerConsultRoutes(app, { db: deps.db, clock: deps.clock, outbox, mailQueued: deps.mailQueued });
  registerAppointmentRoutes(app, { db: deps.db, clock: deps.clock, outbox, mailQueued: deps.mailQueued });
  registerPrescriptionRoutes(app, { db: deps.db, clock: deps.clock, outbox, mailQueued: deps.mailQueued });
  registerAuthenticatorRoutes(app, { db: deps.db, clock: deps.clock, random: deps.random, keyring: deps.keyring });
  registerAccountRoutes(app, { db: deps.db, clock: deps.clock, random: deps.random, keyring: deps.keyring, outbox, mailQueued: deps.mailQueued, background });
  registerMyAccountRoutes(app, {
    db: deps.db,
    clock: deps.clock,
    random: deps.random,
    keyring: deps.keyring,
    outbox,
    codeTtlSeconds: config.sessionCodeTtlSeconds,
    mailQueued: deps.mailQueued,
    http,
  });
  if (deps.devMailbox !== undefined && !config.production) registerDevMailboxRoutes(app, deps.devMailbox);

  app.get('/taal', { config: { audience: 'public' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    if (isLocale(query['lang'])) {
      setCookie(reply, http.secureCookies, http.cookies.language, query['lang'], { maxAge: 365 * 24 * 3600 });
    }
    const back = typeof query['terug'] === 'string' ? query['terug'] : '/';
    return reply.redirect(sameSitePath(back, config.publicUrl), 303);
  });

  app.get('/healthz', { config: { audience: 'public' }, logLevel: 'warn' }, async (_request, reply) => {
    const ok = await isReachable(deps.db);
    return reply.code(ok ? 200 : 503).type('text/plain; charset=utf-8').send(ok ? 'ok\n' : 'database unreachable\n');
  });

  // Ready: the database answers and (when known) so does the SMTP server. The SMTP check opens
  // a connection, so its answer is reused for a few seconds.
  let mailCheck: { at: number; ok: Promise<boolean> } | undefined;
  app.get('/readyz', { config: { audience: 'public' }, logLevel: 'warn' }, async (_request, reply) => {
    const now = Date.now();
    if (deps.mailReachable !== undefined && (mailCheck === undefined || now - mailCheck.at > 5000)) {
      mailCheck = { at: now, ok: deps.mailReachable() };
    }
    const [database, mail] = await Promise.all([isReachable(deps.db), mailCheck?.ok ?? Promise.resolve(true)]);
    const ok = database && mail;
    return reply
      .code(ok ? 200 : 503)
      .type('text/plain; charset=utf-8')
      .send(`database ${database ? 'ok' : 'unreachable'}\nmail ${mail ? 'ok' : 'unreachable'}\n`);
  });

  return app;
}
