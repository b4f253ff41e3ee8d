/**
 * HTTP for the sign-in: parse the form, call one function of the flow, render or redirect.
 * The same routes serve two doors: patients at `/inloggen`, practice staff at `/praktijk`.
 */
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Audience } from '../storage/schema.ts';
import { formatTime, secondsUntil } from '../i18n/locale.ts';
import type { Messages } from '../i18n/messages.ts';
import { recordAudit } from '../audit/audit.ts';
import { sendPage } from '../http/render.tsx';
import { clearCookie, setCookie } from '../http/cookies.ts';
import { formField, pageContext, type HttpSettings } from '../http/plumbing.tsx';
import { endSession } from './session.ts';
import type { PortalMetrics } from '../observability/metrics.ts';
import {
  describeCodeStep,
  resendCode,
  submitCode,
  submitPassword,
  submitAuthenticatorCode,
  type AuthenticatorSubmitResult,
  type CodeStepState,
  type CodeSubmitResult,
  type CodeStepView,
  type SignInDeps,
} from './sign-in/sign-in.flow.ts';
import { SIGN_IN_ATTEMPT_LIFETIME_SECONDS } from './sign-in/code-rules.ts';
import { LoginPage, type LoginPageModel } from './views/login-page.tsx';
import { CodePage, StartAgainPage, type ShownMessage } from './views/code-page.tsx';
import { CodeHelpPage } from './views/code-help-page.tsx';
import { malformedCodeMessage } from './views/code-field.tsx';

export interface Door {
  readonly audience: Audience;
  readonly login: string;
  readonly code: string;
  readonly resend: string;
  readonly help: string;
  readonly cancel: string;
  readonly home: string;
  readonly logout: string;
}

export const PATIENT_DOOR: Door = {
  audience: 'patient',
  login: '/inloggen',
  code: '/sessiecode',
  resend: '/sessiecode/opnieuw',
  help: '/sessiecode/uitleg',
  cancel: '/sessiecode/stoppen',
  home: '/start',
  logout: '/uitloggen',
};

export const STAFF_DOOR: Door = {
  audience: 'staff',
  login: '/praktijk',
  code: '/praktijk/sessiecode',
  resend: '/praktijk/sessiecode/opnieuw',
  help: '/praktijk/sessiecode/uitleg',
  cancel: '/praktijk/sessiecode/stoppen',
  home: '/praktijk/console',
  logout: '/praktijk/uitloggen',
};

export interface SignInRouteDeps extends SignInDeps {
  readonly http: HttpSettings;
  readonly metrics: PortalMetrics;
}

/** Notices after a redirect, named in the query string; their details come from the page state. */
type NoticeKey = 'zelfde' | 'nieuw' | 'wacht' | 'uurlimiet' | 'pauze' | 'ongeldig';

function loginNotice(t: Messages, key: unknown): LoginPageModel['notice'] {
  switch (key) {
    case 'uitgelogd':
      return { messageId: 'login.notice.loggedOut', text: t['login.notice.loggedOut'] };
    case 'verlopen':
      return { messageId: 'login.notice.sessionEnded', text: t['login.notice.sessionEnded'] };
    case 'opnieuw':
      return { messageId: 'login.notice.startAgain', text: t['login.notice.startAgain'] };
    case 'wachtwoord':
      return { messageId: 'password.saved', text: t['password.saved'] };
    default:
      return undefined;
  }
}

function resendNotice(t: Messages, key: unknown, view: CodeStepView, now: Date): ShownMessage | undefined {
  const code = view.code;
  switch (key as NoticeKey) {
    case 'zelfde':
      return code === null ? undefined : { messageId: 'code.resent.same', text: t['code.resent.same']({ first: formatTime(code.createdAt) }), tone: 'success' };
    case 'nieuw':
      return code === null ? undefined : { messageId: 'code.resent.new', text: t['code.resent.new']({ time: formatTime(code.createdAt) }), tone: 'success' };
    case 'wacht':
      return view.resendAvailableAt === null
        ? undefined
        : { messageId: 'code.resent.wait', text: t['code.resent.wait']({ seconds: secondsUntil(now, view.resendAvailableAt) }), tone: 'warning' };
    case 'uurlimiet':
      return view.resendAvailableAt === null
        ? undefined
        : { messageId: 'code.resent.hourly', text: t['code.resent.hourly']({ time: formatTime(view.resendAvailableAt) }), tone: 'warning' };
    default:
      return undefined;
  }
}

function codeError(t: Messages, result: CodeSubmitResult | AuthenticatorSubmitResult, ttlMinutes: number): ShownMessage | undefined {
  switch (result.kind) {
    case 'malformed': {
      const { id, text } = malformedCodeMessage(t, result);
      return { messageId: id, text };
    }
    case 'wrong':
      return { messageId: 'code.error.wrong', text: t['code.error.wrong']({ triesLeft: result.triesLeft }) };
    case 'voided':
      return { messageId: 'code.error.voided', text: t['code.error.voided'] };
    case 'paused':
      return { messageId: 'code.error.paused', text: t['code.error.paused']({ time: formatTime(result.until) }) };
    case 'expired':
      return { messageId: 'code.error.expired', text: t['code.error.expired']({ time: formatTime(result.createdAt), minutes: ttlMinutes }) };
    case 'older_code':
      return {
        messageId: 'code.error.older',
        text: t['code.error.older']({ older: formatTime(result.olderCreatedAt), newest: formatTime(result.newestCreatedAt) }),
      };
    case 'used_code':
      return { messageId: 'code.error.used', text: t['code.error.used']({ time: formatTime(result.usedAt) }) };
    case 'no_live_code':
      return { messageId: 'code.error.noLiveCode', text: t['code.error.noLiveCode'] };
    default:
      return undefined;
  }
}

function startAgainMessage(t: Messages, state: CodeStepState | CodeSubmitResult): ShownMessage {
  if (state.kind === 'superseded') {
    return state.newerAt === null
      ? { messageId: 'code.error.supersededUnknownTime', text: t['code.error.supersededUnknownTime'] }
      : { messageId: 'code.error.superseded', text: t['code.error.superseded']({ time: formatTime(state.newerAt) }) };
  }
  return { messageId: 'code.error.attemptExpired', text: t['code.error.attemptExpired'] };
}

export function registerSignInRoutes(app: FastifyInstance, deps: SignInRouteDeps, door: Door): void {
  const { http } = deps;
  const signInCookie = door.audience === 'patient' ? http.cookies.signIn : http.cookies.staffSignIn;
  const ttlMinutes = Math.round(deps.codeTtlSeconds / 60);

  const renderLogin = (request: FastifyRequest, reply: FastifyReply, model: Omit<LoginPageModel, 'staff' | 'action'>, status = 200) =>
    sendPage(reply, <LoginPage ctx={pageContext(request)} model={{ ...model, staff: door.audience === 'staff', action: door.login }} />, status);

  const renderCodeStep = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { error?: ShownMessage; notice?: ShownMessage; noticeKey?: unknown; typed?: string },
  ) => {
    const token = request.cookies[signInCookie];
    if (token === undefined) return reply.redirect(`${door.login}?melding=opnieuw`, 303);
    const state = await describeCodeStep(deps, token);
    if (state.kind === 'completed') return reply.redirect(door.home, 303);
    if (state.kind !== 'awaiting_code') {
      if (state.kind === 'gone') {
        clearCookie(reply, http.secureCookies, signInCookie);
        return reply.redirect(`${door.login}?melding=opnieuw`, 303);
      }
      return sendPage(reply, <StartAgainPage ctx={pageContext(request)} loginPath={door.login} message={startAgainMessage(request.t, state)} />);
    }
    const now = deps.clock.now();
    const notice = extra.notice ?? resendNotice(request.t, extra.noticeKey, state.view, now);
    return sendPage(
      reply,
      <CodePage
        ctx={pageContext(request)}
        model={{
          paths: { code: door.code, resend: door.resend, help: door.help, cancel: door.cancel, ...(door.audience === 'staff' ? { authenticator: `${door.code}/app` } : {}) },
          view: state.view,
          now,
          ...(extra.error === undefined ? {} : { error: extra.error }),
          ...(extra.typed === undefined ? {} : { typed: extra.typed }),
          ...(notice === undefined ? {} : { notice }),
        }}
      />,
    );
  };

  app.get(door.login, { config: { audience: 'public' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const notice = loginNotice(request.t, query['melding']);
    return renderLogin(request, reply, { username: '', ...(notice === undefined ? {} : { notice }) });
  });

  app.post(door.login, { config: { audience: 'public' } }, async (request, reply) => {
    const username = formField(request.body, 'username', 200).trim();
    const password = formField(request.body, 'password', 1024);
    const t = request.t;
    if (username === '' || password === '') {
      return renderLogin(request, reply, { username, error: { messageId: 'login.error.missing', text: t['login.error.missing'] } }, 422);
    }
    const result = await submitPassword(deps, { username, password, audience: door.audience, client: request.client, locale: request.locale });
    deps.metrics.signInStep('password', result.kind);
    switch (result.kind) {
      case 'code_sent':
        setCookie(reply, http.secureCookies, signInCookie, result.attemptToken, {
          sameSite: 'strict',
          maxAge: SIGN_IN_ATTEMPT_LIFETIME_SECONDS,
        });
        return reply.redirect(door.code, 303);
      case 'invalid':
        return renderLogin(request, reply, { username, error: { messageId: 'login.error.invalid', text: t['login.error.invalid'] } }, 422);
      case 'throttled':
        return renderLogin(
          request,
          reply,
          { username, error: { messageId: 'login.error.throttled', text: t['login.error.throttled']({ time: formatTime(result.until) }) } },
          429,
        );
      case 'too_many_codes':
        return renderLogin(
          request,
          reply,
          { username, error: { messageId: 'login.error.tooManyCodes', text: t['login.error.tooManyCodes']({ time: formatTime(result.until) }) } },
          429,
        );
      case 'account_closed':
        return renderLogin(request, reply, { username, error: { messageId: 'login.error.accountClosed', text: t['login.error.accountClosed'] } }, 403);
    }
  });

  app.get(door.code, { config: { audience: 'signing-in' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    return renderCodeStep(request, reply, { noticeKey: query['melding'] });
  });

  /** The answer to a submitted code, e-mailed or from an app: in, start again, or the page with why not. */
  const answerCodeStep = (request: FastifyRequest, reply: FastifyReply, result: CodeSubmitResult | AuthenticatorSubmitResult, typed: string) => {
    switch (result.kind) {
      case 'signed_in':
        // A brand-new session cookie; the pre-login state is thrown away.
        clearCookie(reply, http.secureCookies, signInCookie);
        setCookie(reply, http.secureCookies, http.cookies.session, result.sessionToken);
        return reply.redirect(door.home, 303);
      case 'completed':
        return reply.redirect(door.home, 303);
      case 'gone':
        clearCookie(reply, http.secureCookies, signInCookie);
        return reply.redirect(`${door.login}?melding=opnieuw`, 303);
      case 'superseded':
      case 'attempt_expired':
        return sendPage(reply, <StartAgainPage ctx={pageContext(request)} loginPath={door.login} message={startAgainMessage(request.t, result)} />, 409);
      case 'not_set_up':
        return renderCodeStep(request, reply, { error: { messageId: 'code.app.notSetUp', text: request.t['code.app.notSetUp'] } });
      default: {
        const error = codeError(request.t, result, ttlMinutes);
        return renderCodeStep(request, reply, {
          ...(error === undefined ? {} : { error }),
          ...(result.kind === 'malformed' ? { typed: typed.slice(0, 40) } : {}),
        });
      }
    }
  };

  app.post(door.code, { config: { audience: 'signing-in' } }, async (request, reply) => {
    const token = request.cookies[signInCookie];
    if (token === undefined) return reply.redirect(`${door.login}?melding=opnieuw`, 303);
    const typed = formField(request.body, 'code', 200);
    const result = await submitCode(deps, { attemptToken: token, rawCode: typed, client: request.client });
    deps.metrics.signInStep('code', result.kind);
    return answerCodeStep(request, reply, result, typed);
  });

  if (door.audience === 'staff') {
    app.post(`${door.code}/app`, { config: { audience: 'signing-in' } }, async (request, reply) => {
      const token = request.cookies[signInCookie];
      if (token === undefined) return reply.redirect(`${door.login}?melding=opnieuw`, 303);
      const typed = formField(request.body, 'code', 200);
      const result = await submitAuthenticatorCode(deps, { attemptToken: token, rawCode: typed, client: request.client });
      deps.metrics.signInStep('authenticator', result.kind);
      // What was typed in the app field is not put back into the e-mail code field.
      return answerCodeStep(request, reply, result, '');
    });
  }

  const resend = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.cookies[signInCookie];
    if (token === undefined) return reply.redirect(`${door.login}?melding=opnieuw`, 303);
    const result = await resendCode(deps, { attemptToken: token, client: request.client, locale: request.locale });
    deps.metrics.signInStep('resend', result.kind);
    const key: NoticeKey = {
      same_code_sent: 'zelfde',
      new_code_sent: 'nieuw',
      wait: 'wacht',
      hourly_limit: 'uurlimiet',
      paused: 'pauze',
      not_possible: 'ongeldig',
    }[result.kind] as NoticeKey;
    return reply.redirect(`${door.code}?melding=${key}`, 303);
  };

  // The link "Geen sessiecode ontvangen?" sends the e-mail again, as patients expect of it.
  // A GET that sends mail is safe here because the sign-in cookie is SameSite=Strict (another
  // site cannot make the browser send it) and a cross-site navigation, where the browser says
  // so, only shows the page with a button.
  app.get(door.resend, { config: { audience: 'signing-in' } }, async (request, reply) => {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return renderCodeStep(request, reply, {});
    }
    return resend(request, reply);
  });

  app.post(door.resend, { config: { audience: 'signing-in' } }, resend);

  app.post(door.cancel, { config: { audience: 'signing-in' } }, async (_request, reply) => {
    clearCookie(reply, http.secureCookies, signInCookie);
    return reply.redirect(door.login, 303);
  });

  app.get(door.help, { config: { audience: 'public' } }, async (request, reply) =>
    sendPage(reply, <CodeHelpPage ctx={pageContext(request)} backPath={door.code} ttlMinutes={ttlMinutes} />),
  );

  const logoutConfig: FastifyContextConfig =
    door.audience === 'staff' ? { audience: 'staff', permission: 'session.end' } : { audience: 'patient' };
  app.post(door.logout, { config: logoutConfig }, async (request, reply) => {
    const signedIn = request.signedIn;
    if (signedIn !== null) {
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (tx) => {
        await endSession(tx, signedIn.session.id, now);
        await recordAudit(tx, now, {
          action: 'session.ended',
          outcome: 'success',
          practiceId: signedIn.session.practiceId,
          actorAccountId: signedIn.account.id,
          subjectAccountId: signedIn.account.id,
          client: request.client,
          details: { audience: door.audience },
        });
      });
    }
    clearCookie(reply, http.secureCookies, http.cookies.session);
    return reply.redirect(`${door.login}?melding=uitgelogd`, 303);
  });
}
