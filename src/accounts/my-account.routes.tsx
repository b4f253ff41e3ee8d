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

export const MY_ACCOUNT_PATH = '/account';

export interface MyAccountRouteDeps extends MyAccountDeps {
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
}) {
  const { request } = props;
  const t = request.t;
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

      <h2 id="wachtwoord">{t['account.password.title']}</h2>
      {props.passwordError !== undefined && (
        <ErrorMessage id="wachtwoord-fout" messageId={props.passwordError.id}>
          {props.passwordError.text}
        </ErrorMessage>
      )}
      <form method="post" action={`${MY_ACCOUNT_PATH}/wachtwoord`} class="form" novalidate>
        <CsrfField token={request.csrfToken} />
        <input type="hidden" name="username" autocomplete="username" value={request.signedIn?.account.username ?? ''} />
        <div class="field">
          <label for="huidig-wachtwoord">{t['account.password.current']}</label>
          <input
            id="huidig-wachtwoord"
            name="currentPassword"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid={props.passwordError !== undefined ? 'true' : undefined}
            aria-describedby={props.passwordError !== undefined ? 'wachtwoord-fout' : undefined}
          />
        </div>
        <div class="field">
          <label for="nieuw-wachtwoord">{t['password.new']}</label>
          <p class="hint" id="nieuw-wachtwoord-uitleg">
            {t['password.newHint']}
          </p>
          <input
            id="nieuw-wachtwoord"
            name="newPassword"
            type="password"
            autocomplete="new-password"
            required
            minLength={8}
            maxLength={128}
            aria-describedby="nieuw-wachtwoord-uitleg"
          />
        </div>
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

/** "Mijn account" for patients: sign-ins, sessions, password, "Was dit u niet?". */
export function registerMyAccountRoutes(app: FastifyInstance, deps: MyAccountRouteDeps): void {
  const showPage = async (request: FastifyRequest, extra: { notice?: PageNotice; passwordError?: PageError } = {}) => {
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

  app.post(`${MY_ACCOUNT_PATH}/was-ik-niet`, { config: { audience: 'patient' } }, async (request, reply) => {
    const { account } = request.signedIn!;
    await reportCompromise(deps, { account, client: request.client });
    clearCookie(reply, deps.http.secureCookies, deps.http.cookies.session);
    return reply.redirect('/wachtwoord-vergeten?melding=was-ik-niet', 303);
  });
}
