import { SessionCodeField, malformedCodeMessage } from '../auth/views/code-field.tsx';
import { PasswordField } from '../auth/views/password-field.tsx';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendPage } from '../http/render.tsx';
import { CsrfField, ErrorMessage, Layout, Notice } from '../http/views/layout.tsx';
import { formField, pageContext, type HttpSettings } from '../http/plumbing.tsx';
import { clearCookie } from '../http/cookies.ts';
import type { MessageId, Messages } from '../i18n/messages.ts';
import { formatTime } from '../i18n/locale.ts';
import { PATIENT_DOOR } from '../auth/sign-in.routes.tsx';
import {
  activeSessions,
  changePassword,
  endOtherSessions,
  formatDateTime,
  recentSignIns,
  reportCompromise,
  summarizeUserAgent,
  type MyAccountDeps,
  type SessionSummary,
  type SignInAction,
  type SignInEvent,
} from './my-account.ts';
import {
  confirmEmailChange,
  describeEmailChange,
  requestEmailChange,
  type EmailChangeConfirmResult,
  type EmailChangeDeps,
  type EmailChangeRequestResult,
  type EmailChangeView,
} from './email-change.ts';
import { DeliveryLine } from '../auth/views/code-page.tsx';

export const MY_ACCOUNT_PATH = '/account';

export const EMAIL_CHANGE_PATH = `${MY_ACCOUNT_PATH}/e-mailadres`;
export const EMAIL_CHANGE_CODE_PATH = `${EMAIL_CHANGE_PATH}/sessiecode`;

export interface MyAccountRouteDeps extends MyAccountDeps, EmailChangeDeps {
  readonly http: HttpSettings;
}

const OUTCOME_IDS = {
  'sign_in.code_accepted': 'account.outcome.sign_in.code_accepted',
  'sign_in.code_refused': 'account.outcome.sign_in.code_refused',
  'sign_in.code_paused': 'account.outcome.sign_in.code_paused',
  'sign_in.password_refused': 'account.outcome.sign_in.password_refused',
  'sign_in.password_throttled': 'account.outcome.sign_in.password_throttled',
} as const satisfies Record<SignInAction, MessageId>;

type PageNotice = { readonly id: MessageId; readonly text: string };
type PageError = { readonly id: MessageId; readonly text: string };
/** An error of the e-mail form, and the field it is about (the field points at it). */
type EmailFormError = PageError & { readonly field: 'email' | 'password' | 'form' };

function browserText(t: Messages, userAgent: string | null): string {
  const { browser, system } = summarizeUserAgent(userAgent);
  if (browser === null && system === null) return t['account.browser.unknown'];
  return t['account.browser']({ browser: browser ?? t['account.browser.unknown'], system: system ?? t['account.system.unknown'] });
}

function MyAccountPage(props: {
  request: FastifyRequest;
  signIns: readonly SignInEvent[];
  sessions: readonly SessionSummary[];
  notice?: PageNotice;
  passwordError?: PageError;
  emailError?: EmailFormError;
  /** The new address as typed, shown again after an error. */
  typedEmail?: string;
}) {
  const { request } = props;
  const t = request.t;
  const emailError = props.emailError;
  /** What describes a field of the e-mail form: the error when it is about that field, then its hint. */
  const emailDescribedBy = (field: 'email' | 'password', hintId?: string): string | undefined => {
    const ids: string[] = [];
    if (emailError !== undefined && (emailError.field === field || emailError.field === 'form')) ids.push('e-mailadres-fout');
    if (hintId !== undefined) ids.push(hintId);
    return ids.length === 0 ? undefined : ids.join(' ');
  };
  const others = props.sessions.filter((session) => !session.current).length;
  return (
    <Layout ctx={pageContext(request, PATIENT_DOOR.logout)} title={t['account.title']}>
      <h1>{t['account.title']}</h1>
      {props.notice !== undefined && (
        <Notice messageId={props.notice.id} tone="success">
          {props.notice.text}
        </Notice>
      )}
      <p>{t['account.intro']}</p>

      <h2>{t['account.signIns.title']}</h2>
      {props.signIns.length === 0 ? (
        <p>{t['account.signIns.none']}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t['account.signIns.title']}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t['account.signIns.time']}</th>
              <th scope="col">{t['account.signIns.browser']}</th>
              <th scope="col">{t['account.signIns.outcome']}</th>
            </tr>
          </thead>
          <tbody>
            {props.signIns.map((event) => (
              <tr data-action={event.action}>
                <td>{formatDateTime(event.at)}</td>
                <td>{browserText(t, event.userAgent)}</td>
                <td data-message-id={OUTCOME_IDS[event.action]}>{t[OUTCOME_IDS[event.action]]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}

      <h2>{t['account.sessions.title']}</h2>
      <ul class="sessions">
        {props.sessions.map((session) => (
          <li data-session={session.current ? 'current' : 'other'}>
            <strong>{session.current ? t['account.sessions.current'] : t['account.sessions.other']}</strong>
            {': '}
            {browserText(t, session.userAgent)}
            {'. '}
            {t['account.sessions.since']} {formatDateTime(session.createdAt)}
            {'. '}
            {t['account.sessions.lastSeen']} {formatDateTime(session.lastSeenAt)}.
          </li>
        ))}
      </ul>
      {others > 0 && (
        <form method="post" action={`${MY_ACCOUNT_PATH}/elders-uitloggen`} class="form">
          <CsrfField token={request.csrfToken} />
          <p class="hint">{t['account.sessions.endOthersHint']}</p>
          <button type="submit" class="button">
            {t['account.sessions.endOthers']}
          </button>
        </form>
      )}

      <h2 id="e-mailadres">{t['account.email.title']}</h2>
      <p data-message-id="account.email.current">{t['account.email.current']({ email: request.signedIn?.account.email ?? '' })}</p>
      {emailError !== undefined && (
        <ErrorMessage id="e-mailadres-fout" messageId={emailError.id}>
          {emailError.text}
        </ErrorMessage>
      )}
      <p>{t['account.email.intro']}</p>
      {/* The fragment brings a page that comes back with an error to this form, not to the top. */}
      <form method="post" action={`${EMAIL_CHANGE_PATH}#e-mailadres`} class="form" novalidate aria-labelledby="e-mailadres">
        <CsrfField token={request.csrfToken} />
        <div class="field">
          <label for="nieuw-e-mailadres">{t['account.email.new']}</label>
          <p class="hint" id="nieuw-e-mailadres-uitleg">
            {t['account.email.newHint']}
          </p>
          <input
            id="nieuw-e-mailadres"
            name="newEmail"
            type="email"
            inputmode="email"
            autocomplete="email"
            autocapitalize="none"
            spellcheck={false}
            required
            maxLength={254}
            value={props.typedEmail ?? ''}
            aria-invalid={emailError?.field === 'email' ? 'true' : undefined}
            aria-describedby={emailDescribedBy('email', 'nieuw-e-mailadres-uitleg')}
          />
        </div>
        <PasswordField
          id="e-mailadres-wachtwoord"
          name="currentPassword"
          label={t['account.password.current']}
          purpose="current"
          errorId={emailDescribedBy('password')}
          invalid={emailError?.field === 'password'}
        />
        <button type="submit" class="button">
          {t['account.email.submit']}
        </button>
      </form>

      <h2 id="wachtwoord">{t['account.password.title']}</h2>
      {props.passwordError !== undefined && (
        <ErrorMessage id="wachtwoord-fout" messageId={props.passwordError.id}>
          {props.passwordError.text}
        </ErrorMessage>
      )}
      <form method="post" action={`${MY_ACCOUNT_PATH}/wachtwoord`} class="form" novalidate aria-labelledby="wachtwoord">
        <CsrfField token={request.csrfToken} />
        <input type="hidden" name="username" autocomplete="username" value={request.signedIn?.account.username ?? ''} />
        <PasswordField
          id="huidig-wachtwoord"
          name="currentPassword"
          label={t['account.password.current']}
          purpose="current"
          errorId={props.passwordError !== undefined ? 'wachtwoord-fout' : undefined}
        />
        <PasswordField id="nieuw-wachtwoord" name="newPassword" label={t['password.new']} purpose="new" hint={t['password.newHint']} />
        <button type="submit" class="button">
          {t['account.password.submit']}
        </button>
      </form>

      <h2>{t['account.notMe.title']}</h2>
      <p>{t['account.notMe.intro']}</p>
      <form method="post" action={`${MY_ACCOUNT_PATH}/was-ik-niet`} class="form">
        <CsrfField token={request.csrfToken} />
        <button type="submit" class="button button--secondary">
          {t['account.notMe.submit']}
        </button>
      </form>

      <p>
        <a href={PATIENT_DOOR.home}>{t['account.back']}</a>
      </p>
    </Layout>
  );
}

/** The page that asks for the code sent to the new address. */
function EmailChangePage(props: { request: FastifyRequest; view: EmailChangeView; error?: PageError; typed?: string }) {
  const { request, view } = props;
  const t = request.t;
  const error = props.error;
  const delivery = view.delivery;
  const ctx = pageContext(request, PATIENT_DOOR.logout);
  return (
    <Layout ctx={ctx} title={t['account.email.confirm.title']}>
      <h1>{t['account.email.confirm.title']}</h1>
      {error !== undefined && (
        <ErrorMessage id="sessiecode-fout" messageId={error.id}>
          {error.text}
        </ErrorMessage>
      )}
      <div class="code-status">
        <p data-message-id="account.email.confirm.sentAt">
          {t['account.email.confirm.sentAt']({ time: formatTime(view.createdAt), email: view.newEmail })}
        </p>
        {view.status === 'pending' && (
          <p data-message-id="account.email.confirm.validUntil">{t['account.email.confirm.validUntil']({ time: formatTime(view.expiresAt) })}</p>
        )}
        {delivery !== null && view.status === 'pending' && (
          <DeliveryLine ctx={ctx} mail={{ queuedAt: delivery.queuedAt, sentAt: delivery.sentAt, state: delivery.state, repeat: false }} />
        )}
      </div>
      {view.status === 'pending' && (
        <>
          <p>{t['account.email.confirm.intro']}</p>
          <form method="post" action={EMAIL_CHANGE_CODE_PATH} class="form" novalidate>
            <CsrfField token={request.csrfToken} />
            <SessionCodeField t={t} typed={props.typed} errorId={error !== undefined ? 'sessiecode-fout' : undefined} />
            <button type="submit" class="button">
              {t['code.submit']}
            </button>
          </form>
        </>
      )}
      <ul class="links">
        <li>
          <a href={`${MY_ACCOUNT_PATH}#e-mailadres`}>{t['account.email.confirm.again']}</a>
        </li>
        <li>
          <a href={MY_ACCOUNT_PATH}>{t['account.email.confirm.back']}</a>
        </li>
      </ul>
    </Layout>
  );
}

/** What the e-mail form says after a request that did not send a code, and with what status. */
function requestError(t: Messages, result: Exclude<EmailChangeRequestResult, { kind: 'code_sent' }>): { error: EmailFormError; status: number } {
  switch (result.kind) {
    case 'invalid_address':
      return { error: { id: 'account.email.error.invalid', text: t['account.email.error.invalid'], field: 'email' }, status: 422 };
    case 'same_address':
      return { error: { id: 'account.email.error.same', text: t['account.email.error.same'], field: 'email' }, status: 422 };
    case 'wrong_password':
      return { error: { id: 'account.email.error.wrongPassword', text: t['account.email.error.wrongPassword'], field: 'password' }, status: 422 };
    case 'throttled':
      return {
        error: { id: 'account.password.error.throttled', text: t['account.password.error.throttled']({ time: formatTime(result.until) }), field: 'password' },
        status: 429,
      };
    case 'too_many':
      return { error: { id: 'account.email.error.tooMany', text: t['account.email.error.tooMany']({ time: formatTime(result.until) }), field: 'form' }, status: 429 };
  }
}

/** What the code page says after a code that did not change the address, and with what status. */
function confirmError(t: Messages, result: Exclude<EmailChangeConfirmResult, { kind: 'changed' } | { kind: 'none' }>, ttlMinutes: number): { error: PageError; status: number } {
  switch (result.kind) {
    case 'malformed':
      return { error: malformedCodeMessage(t, result), status: 422 };
    case 'wrong':
      return { error: { id: 'code.error.wrong', text: t['code.error.wrong']({ triesLeft: result.triesLeft }) }, status: 422 };
    case 'voided':
      return { error: { id: 'account.email.error.voided', text: t['account.email.error.voided'] }, status: 422 };
    case 'expired':
      return { error: { id: 'account.email.error.expired', text: t['account.email.error.expired']({ time: formatTime(result.createdAt), minutes: ttlMinutes }) }, status: 422 };
    case 'older_code':
      return {
        error: {
          id: 'account.email.error.older',
          text: t['account.email.error.older']({ older: formatTime(result.olderCreatedAt), newest: formatTime(result.newestCreatedAt) }),
        },
        status: 422,
      };
    case 'used':
      return { error: { id: 'account.email.error.used', text: t['account.email.error.used']({ time: formatTime(result.usedAt) }) }, status: 409 };
    case 'superseded':
      return { error: { id: 'account.email.error.superseded', text: t['account.email.error.superseded'] }, status: 409 };
    case 'changed_meanwhile':
      return { error: { id: 'account.email.error.changedMeanwhile', text: t['account.email.error.changedMeanwhile'] }, status: 409 };
  }
}

/** The message a code page shows for a change that can no longer be confirmed, found on a GET. */
function statusError(t: Messages, view: EmailChangeView, ttlMinutes: number): PageError | undefined {
  switch (view.status) {
    case 'pending':
    case 'used':
      return undefined;
    case 'expired':
      return confirmError(t, { kind: 'expired', createdAt: view.createdAt }, ttlMinutes).error;
    case 'voided':
      // Voided after too many wrong codes, or because the address was corrected elsewhere.
      return view.triesLeft <= 0 ? confirmError(t, { kind: 'voided' }, ttlMinutes).error : confirmError(t, { kind: 'changed_meanwhile' }, ttlMinutes).error;
    case 'superseded':
      return confirmError(t, { kind: 'superseded' }, ttlMinutes).error;
  }
}

/** "Mijn account" for patients: sign-ins, sessions, e-mail address, password, "Was dit u niet?". */
export function registerMyAccountRoutes(app: FastifyInstance, deps: MyAccountRouteDeps): void {
  const ttlMinutes = Math.round(deps.codeTtlSeconds / 60);
  const showPage = async (request: FastifyRequest, extra: { notice?: PageNotice; passwordError?: PageError; emailError?: EmailFormError; typedEmail?: string } = {}) => {
    const { account, session } = request.signedIn!;
    const [signIns, sessions] = await Promise.all([
      recentSignIns(deps.db, account.id),
      activeSessions(deps.db, account.id, session.id, deps.clock.now()),
    ]);
    return <MyAccountPage request={request} signIns={signIns} sessions={sessions} {...extra} />;
  };

  app.get(MY_ACCOUNT_PATH, { config: { audience: 'patient' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const t = request.t;
    let notice: PageNotice | undefined;
    if (query['melding'] === 'elders') {
      const count = Number.parseInt(String(query['aantal'] ?? '0'), 10);
      notice = { id: 'account.sessions.ended', text: t['account.sessions.ended']({ count: Number.isFinite(count) && count >= 0 ? Math.min(count, 1000) : 0 }) };
    } else if (query['melding'] === 'wachtwoord') {
      notice = { id: 'account.password.changed', text: t['account.password.changed'] };
    } else if (query['melding'] === 'e-mailadres') {
      notice = { id: 'account.email.changed', text: t['account.email.changed']({ email: request.signedIn!.account.email }) };
    }
    return sendPage(reply, await showPage(request, notice === undefined ? {} : { notice }));
  });

  app.post(`${MY_ACCOUNT_PATH}/elders-uitloggen`, { config: { audience: 'patient' } }, async (request, reply) => {
    const { account, session } = request.signedIn!;
    const ended = await endOtherSessions(deps, { account, currentSessionId: session.id, client: request.client });
    return reply.redirect(`${MY_ACCOUNT_PATH}?melding=elders&aantal=${ended}`, 303);
  });

  app.post(`${MY_ACCOUNT_PATH}/wachtwoord`, { config: { audience: 'patient' } }, async (request, reply) => {
    const { account, session } = request.signedIn!;
    const t = request.t;
    const result = await changePassword(deps, {
      account,
      currentSessionId: session.id,
      currentPassword: formField(request.body, 'currentPassword', 4096),
      newPassword: formField(request.body, 'newPassword', 4096),
      client: request.client,
      locale: request.locale,
    });
    switch (result.kind) {
      case 'changed':
        return reply.redirect(`${MY_ACCOUNT_PATH}?melding=wachtwoord`, 303);
      case 'wrong_current':
        return sendPage(reply, await showPage(request, { passwordError: { id: 'account.password.error.wrongCurrent', text: t['account.password.error.wrongCurrent'] } }), 422);
      case 'throttled':
        return sendPage(
          reply,
          await showPage(request, { passwordError: { id: 'account.password.error.throttled', text: t['account.password.error.throttled']({ time: formatTime(result.until) }) } }),
          429,
        );
      case 'bad_password': {
        const id: MessageId = `password.error.${result.problem}`;
        return sendPage(reply, await showPage(request, { passwordError: { id, text: t[id] } }), 422);
      }
    }
  });

  app.post(EMAIL_CHANGE_PATH, { config: { audience: 'patient' } }, async (request, reply) => {
    const { account, session } = request.signedIn!;
    // Read longer than an address may be, so a long one is refused rather than cut to fit.
    const typedEmail = formField(request.body, 'newEmail', 1000);
    const result = await requestEmailChange(deps, {
      account,
      sessionId: session.id,
      newEmail: typedEmail,
      currentPassword: formField(request.body, 'currentPassword', 4096),
      client: request.client,
      locale: request.locale,
    });
    if (result.kind === 'code_sent') return reply.redirect(EMAIL_CHANGE_CODE_PATH, 303);
    const { error, status } = requestError(request.t, result);
    return sendPage(reply, await showPage(request, { emailError: error, typedEmail: typedEmail.slice(0, 254) }), status);
  });

  app.get(EMAIL_CHANGE_CODE_PATH, { config: { audience: 'patient' } }, async (request, reply) => {
    const { account, session } = request.signedIn!;
    const view = await describeEmailChange(deps, account.id, session.id);
    if (view === undefined || view.status === 'used') return reply.redirect(MY_ACCOUNT_PATH, 303);
    const error = statusError(request.t, view, ttlMinutes);
    return sendPage(reply, <EmailChangePage request={request} view={view} {...(error === undefined ? {} : { error })} />);
  });

  app.post(EMAIL_CHANGE_CODE_PATH, { config: { audience: 'patient' } }, async (request, reply) => {
    const { account, session } = request.signedIn!;
    const typed = formField(request.body, 'code', 200);
    const result = await confirmEmailChange(deps, { account, sessionId: session.id, rawCode: typed, client: request.client, locale: request.locale });
    if (result.kind === 'changed') return reply.redirect(`${MY_ACCOUNT_PATH}?melding=e-mailadres`, 303);
    if (result.kind === 'none') return reply.redirect(MY_ACCOUNT_PATH, 303);
    const view = await describeEmailChange(deps, account.id, session.id);
    if (view === undefined) return reply.redirect(MY_ACCOUNT_PATH, 303);
    const { error, status } = confirmError(request.t, result, ttlMinutes);
    // What was typed is shown again only when it was not six digits, so the patient sees why.
    return sendPage(reply, <EmailChangePage request={request} view={view} error={error} {...(result.kind === 'malformed' ? { typed: typed.slice(0, 40) } : {})} />, status);
  });

  app.post(`${MY_ACCOUNT_PATH}/was-ik-niet`, { config: { audience: 'patient' } }, async (request, reply) => {
    const { account } = request.signedIn!;
    await reportCompromise(deps, { account, client: request.client });
    clearCookie(reply, deps.http.secureCookies, deps.http.cookies.session);
    return reply.redirect('/wachtwoord-vergeten?melding=was-ik-niet', 303);
  });
}
