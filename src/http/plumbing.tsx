/**
 * Framework glue shared by every route: cookies, form bodies, security headers, the language,
 * CSRF defence, the audience each route declares (default deny) and error pages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import { constantTimeEqual, newOpaqueToken, type Keyring, type RandomSource } from '../security/primitives.ts';
import type { Clock } from '../security/clock.ts';
import type { Db } from '../storage/database.ts';
import { isLocale, localeFromAcceptLanguage, type Locale } from '../i18n/locale.ts';
import { messagesFor, type Messages, type MessageId } from '../i18n/messages.ts';
import type { ClientInfo } from '../audit/audit.ts';
import { validateSession, type ActiveSession, type SessionPolicy } from '../auth/session.ts';
import type { Account } from '../accounts/account.repository.ts';
import { cookieNames, setCookie, clearCookie, type CookieNames } from './cookies.ts';
import { sendPage } from './render.tsx';
import { Layout, type PageContext } from './views/layout.tsx';
import type { Audience as SessionAudience } from '../storage/schema.ts';
import { allowedBeforeAuthenticator, can, staffActor, type Permission, type StaffActor } from '../console/permissions.ts';
import { findAuthenticatorState, practiceRequiresAuthenticator } from '../accounts/authenticator.repository.ts';
import { isServiceEnabled, type ServiceKey } from '../practices/practice-settings.ts';

/**
 * Who may call a route. Every route must declare one; a route without is refused at start.
 * - public: anyone
 * - signing-in: between password and code (the flow checks the sign-in cookie itself)
 * - patient / staff: a valid session of that audience
 * - development: only when the development mailbox runs (never in production)
 */
export type RouteAudience = 'public' | 'signing-in' | 'patient' | 'staff' | 'development';

export interface SignedIn {
  readonly session: ActiveSession;
  readonly account: Account;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    audience?: RouteAudience;
    /** For staff routes: what the route needs (see src/console/permissions.ts). */
    permission?: Permission;
    /** For the online services: the service the route belongs to. Needs `serviceOff` too. */
    service?: ServiceKey;
    /**
     * What the route does while the practice has its service off; required with `service`, so no
     * route is left open by default. `closed`: it answers 404 'service.off' (a route that starts
     * something new: a request, a question, a message, a booking). `open`: it answers as usual
     * and reads `request.serviceOn` (the staff's routes, reading what exists, cancelling).
     */
    serviceOff?: ServiceOff;
  }
  interface FastifyInstance {
    /** Every staff route with the permission it declared; tests walk it for every role. */
    staffRoutes: Array<{ method: string; url: string; permission: Permission }>;
  }
  interface FastifyRequest {
    locale: Locale;
    t: Messages;
    client: ClientInfo;
    csrfToken: string;
    signedIn: SignedIn | null;
    /** On staff routes: who is acting, with their role and practice. */
    staff: StaffActor | null;
    /** The browser prefers English but no language was chosen yet: offer it at the top. */
    offerEnglish: boolean;
    /**
     * On a route with `service`: whether the practice has it on. False only on `serviceOff: 'open'`
     * routes, whose pages then offer nothing new. True on every other route.
     */
    serviceOn: boolean;
  }
}

/** See `serviceOff` in the route config. */
export type ServiceOff = 'closed' | 'open';
const SERVICE_OFF_VALUES: ReadonlySet<unknown> = new Set<ServiceOff>(['closed', 'open']);

export interface PlumbingDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly keyring: Keyring;
  readonly publicUrl: URL;
  readonly production: boolean;
  readonly developmentRoutes: boolean;
  readonly sessionPolicy: (audience: SessionAudience) => SessionPolicy;
}

export interface HttpSettings {
  readonly secureCookies: boolean;
  readonly cookies: CookieNames;
}

/** Where `Uitloggen` posts for a signed-in request: every page of a session has the button. */
function logoutActionOf(request: FastifyRequest): string | undefined {
  const audience = request.signedIn?.session.audience;
  return audience === 'staff' ? '/praktijk/uitloggen' : audience === 'patient' ? '/uitloggen' : undefined;
}

export function pageContext(request: FastifyRequest, logoutAction?: string): PageContext {
  const action = logoutAction ?? logoutActionOf(request);
  return {
    t: request.t,
    locale: request.locale,
    csrfToken: request.csrfToken,
    path: request.url,
    offerEnglish: request.offerEnglish,
    ...(action === undefined ? {} : { logoutAction: action }),
  };
}

function messagePage(request: FastifyRequest, reply: FastifyReply, status: number, messageId: MessageId): FastifyReply {
  const t = request.t;
  const text = t[messageId];
  return sendPage(
    reply,
    <Layout ctx={pageContext(request)} title={t['error.title']}>
      <h1>{t['error.title']}</h1>
      <p data-message-id={messageId}>{typeof text === 'string' ? text : ''}</p>
      <p>
        <a href="/">{t['error.backHome']}</a>
      </p>
    </Layout>,
    status,
  );
}

/** The largest form post accepted; see registerPlumbing. */
export const FORM_BODY_LIMIT_BYTES = 32 * 1024;

export async function registerPlumbing(app: FastifyInstance, deps: PlumbingDeps): Promise<HttpSettings> {
  const secureCookies = deps.publicUrl.protocol === 'https:';
  const cookies = cookieNames(secureCookies);
  const allowedOrigins = new Set([deps.publicUrl.origin]);

  await app.register(fastifyCookie);
  // The longest form (an e-consult message: 2,000 characters) can be 12 bytes a character once
  // URL-encoded (a 3-byte UTF-8 character is 9 bytes encoded; 4-byte ones 12): 2,000 characters
  // of Tigrinya or Chinese must fit, with room for the other fields.
  await app.register(fastifyFormbody, { bodyLimit: FORM_BODY_LIMIT_BYTES });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
        // No script at all: every page works without JavaScript.
        'script-src': ["'none'"],
        ...(secureCookies ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: deps.production ? { maxAge: 63_072_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
  });
  app.decorateRequest('locale', 'nl');
  app.decorateRequest('t', undefined as unknown as Messages);
  app.decorateRequest('client', undefined as unknown as ClientInfo);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('signedIn', null);
  app.decorateRequest('staff', null);
  app.decorateRequest('offerEnglish', false);
  app.decorateRequest('serviceOn', true);

  app.decorate('staffRoutes', []);
  app.addHook('onRoute', (route) => {
    const config = route.config as { audience?: RouteAudience; permission?: Permission; service?: ServiceKey; serviceOff?: unknown } | undefined;
    if (config?.service !== undefined && !SERVICE_OFF_VALUES.has(config.serviceOff)) {
      throw new Error(`service route ${route.method} ${route.url} declares no serviceOff ('closed' or 'open')`);
    }
    if (config?.service === undefined && config?.serviceOff !== undefined) throw new Error(`route ${route.method} ${route.url} declares serviceOff without a service`);
    if (config?.audience === 'staff') {
      if (config.permission === undefined) throw new Error(`staff route ${route.method} ${route.url} declares no permission`);
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') app.staffRoutes.push({ method, url: route.url, permission: config.permission });
      }
    }
    if (config?.audience !== undefined) return;
    // The files under /static (the stylesheet) are for everyone; the plugin cannot say so itself.
    if (route.url.startsWith('/static')) {
      route.config = { ...config, audience: 'public' } as typeof route.config;
      return;
    }
    throw new Error(`route ${route.method} ${route.url} declares no audience`);
  });
  // After the hook above, so the static routes get their audience from it.
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('../../public/', import.meta.url)),
    prefix: '/static/',
    maxAge: 3600_000,
    decorateReply: false,
  });

  app.addHook('onRequest', async (request, reply) => {
    const chosen = request.cookies[cookies.language];
    request.locale = isLocale(chosen) ? chosen : 'nl';
    request.offerEnglish = !isLocale(chosen) && localeFromAcceptLanguage(request.headers['accept-language']) === 'en';
    request.t = messagesFor(request.locale);
    request.client = { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };

    // CSRF: a random cookie and a form token that is its keyed hash. A page on another site can
    // neither read the cookie nor compute the token.
    let csrfCookie = request.cookies[cookies.csrf];
    if (csrfCookie === undefined || csrfCookie.length < 32 || csrfCookie.length > 64) {
      csrfCookie = newOpaqueToken(deps.random);
      setCookie(reply, secureCookies, cookies.csrf, csrfCookie);
      if (request.method === 'POST') {
        // A form post without the cookie cannot carry a valid token.
        request.csrfToken = deps.keyring.hash('csrf', csrfCookie);
        return messagePage(request, reply, 403, 'error.formExpired');
      }
    }
    request.csrfToken = deps.keyring.hash('csrf', csrfCookie);
  });

  app.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST') return;
    // The Origin (or, failing that, the Referer) must be this portal's own address.
    const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
    const sameHostOrigin = `${request.protocol}://${request.host}`;
    const originOk =
      origin !== undefined && (allowedOrigins.has(origin) || (!deps.production && origin === sameHostOrigin));
    // A file upload (multipart/form-data) is read by its handler, after this check, so its form
    // carries the token in the action URL (`?_csrf=…`). Only multipart posts may do so (routes
    // without a multipart parser refuse them before this hook); the Origin check is the same.
    const multipart = /^multipart\/form-data\s*(;|$)/i.test(request.headers['content-type'] ?? '');
    const fields = (multipart ? request.query : request.body) as Record<string, unknown> | undefined;
    const token = typeof fields?.['_csrf'] === 'string' ? fields['_csrf'] : '';
    if (!originOk || !constantTimeEqual(token, request.csrfToken)) {
      request.log.warn({ originOk }, 'form post refused by CSRF defence');
      return messagePage(request, reply, 403, 'error.formExpired');
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    // The not-found handler has no route to declare an audience; it shows nothing private.
    if (request.is404) return;
    const audience = request.routeOptions.config.audience;
    if (audience === undefined) return messagePage(request, reply, 403, 'error.forbidden');
    if (audience === 'public' || audience === 'signing-in') return;
    if (audience === 'development') {
      if (!deps.developmentRoutes) return messagePage(request, reply, 404, 'error.notFound');
      return;
    }
    const token = request.cookies[cookies.session];
    const loginPath = audience === 'staff' ? '/praktijk' : '/inloggen';
    if (token === undefined) return reply.redirect(loginPath, 303);
    const now = deps.clock.now();
    const valid = await validateSession(deps.db, deps, token, now, deps.sessionPolicy(audience));
    if (valid === null || valid.session.audience !== audience || valid.account.status !== 'active') {
      clearCookie(reply, secureCookies, cookies.session);
      return reply.redirect(`${loginPath}?melding=verlopen`, 303);
    }
    const { session, account } = valid;
    request.signedIn = { session, account };
    if (audience === 'staff') {
      const actor = staffActor(account);
      const permission = request.routeOptions.config.permission;
      if (actor === null || permission === undefined || !can(actor, permission)) return messagePage(request, reply, 403, 'error.forbidden');
      request.staff = actor;
      // A practice that requires an authenticator app: until it is set up, only that page.
      if (
        actor.practiceId !== null &&
        !allowedBeforeAuthenticator(permission) &&
        (await practiceRequiresAuthenticator(deps.db, actor.practiceId)) &&
        (await findAuthenticatorState(deps.db, actor.accountId))?.enabledAt === null
      ) {
        return reply.redirect('/praktijk/authenticator', 303);
      }
    }
    const { service, serviceOff } = request.routeOptions.config;
    if (service !== undefined) {
      // No practice, no service; and a route that starts something new stays shut while it is off.
      if (account.practiceId === null) return messagePage(request, reply, 404, 'service.off');
      request.serviceOn = await isServiceEnabled(deps.db, account.practiceId, service);
      if (!request.serviceOn && serviceOff !== 'open') return messagePage(request, reply, 404, 'service.off');
    }
  });

  app.setNotFoundHandler({ preHandler: undefined }, async (request, reply) => messagePage(request, reply, 404, 'error.notFound'));

  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (request.t === undefined) {
      request.locale = 'nl';
      request.t = messagesFor('nl');
    }
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return messagePage(request, reply, 500, 'error.server');
    }
    // Malformed requests (bad body, wrong content type, too large) are the client's: a 4xx.
    return messagePage(request, reply, status >= 400 && status < 500 ? status : 400, 'error.badRequest');
  });

  return { secureCookies, cookies };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/** A form field as a string, whatever the client sent (missing, repeated, or too long). */
export function formField(body: unknown, name: string, maxLength = 1000): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' ? text.slice(0, maxLength) : '';
}
