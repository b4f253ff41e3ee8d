import { finished } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LinkPurpose } from '../storage/schema.ts';
import { sendPage } from '../http/render.tsx';
import { CsrfField, ErrorMessage, Layout, Notice } from '../http/views/layout.tsx';
import { formField, pageContext } from '../http/plumbing.tsx';
import { PasswordField } from '../auth/views/password-field.tsx';
import type { MessageId } from '../i18n/messages.ts';
import {
  LINK_PATHS,
  linkIsUsable,
  requestRecovery,
  setPasswordWithLink,
  type LinkDeps,
} from './account-links.ts';
import type { PasswordProblem, PasswordSuggestion, PasswordWarning } from './password-rules.ts';
import type { BackgroundWork } from '../http/background-work.ts';

const PROBLEM_MESSAGES: Record<PasswordProblem, MessageId> = {
  tooShort: 'password.error.tooShort',
  tooLong: 'password.error.tooLong',
  common: 'password.error.common',
  guessable: 'password.error.guessable',
  containsName: 'password.error.containsName',
};

/** zxcvbn's feedback after a refused password: the strength hint, from the server, no script. */
interface PasswordFeedback {
  readonly warning: PasswordWarning | null;
  readonly suggestions: readonly PasswordSuggestion[];
}

function PasswordTips(props: { request: FastifyRequest; feedback: PasswordFeedback }) {
  const t = props.request.t;
  const ids: MessageId[] = [
    ...(props.feedback.warning === null ? [] : [`password.warning.${props.feedback.warning}` as const]),
    ...props.feedback.suggestions.map((suggestion) => `password.suggestion.${suggestion}` as const),
  ];
  if (ids.length === 0) return null;
  return (
    <div class="hint" id="wachtwoord-tips">
      <p data-message-id="password.tips">{t['password.tips']}</p>
      <ul>
        {ids.map((id) => (
          <li key={id} data-message-id={id}>
            {t[id] as string}
          </li>
        ))}
      </ul>
    </div>
  );
}

function NewPasswordPage(props: { request: FastifyRequest; purpose: LinkPurpose; action: string; error?: MessageId; feedback?: PasswordFeedback }) {
  const { request } = props;
  const t = request.t;
  const title = props.purpose === 'activation' ? t['activation.title'] : t['recovery.title'];
  const errorText = props.error === undefined ? undefined : t[props.error];
  return (
    <Layout ctx={pageContext(request)} title={title}>
      <h1>{title}</h1>
      {props.error !== undefined && typeof errorText === 'string' && (
        <ErrorMessage id="wachtwoord-fout" messageId={props.error}>
          {errorText}
        </ErrorMessage>
      )}
      {props.feedback !== undefined && <PasswordTips request={request} feedback={props.feedback} />}
      <form method="post" action={props.action} class="form" novalidate>
        <CsrfField token={request.csrfToken} />
        <PasswordField
          id="nieuw-wachtwoord"
          name="password"
          label={t['password.new']}
          purpose="new"
          hint={t['password.newHint']}
          autofocus
          errorId={props.error !== undefined ? 'wachtwoord-fout' : undefined}
        />
        <button type="submit" class="button">
          {t['password.save']}
        </button>
      </form>
    </Layout>
  );
}

function InvalidLinkPage(props: { request: FastifyRequest }) {
  const t = props.request.t;
  return (
    <Layout ctx={pageContext(props.request)} title={t['error.title']}>
      <h1>{t['error.title']}</h1>
      <ErrorMessage id="link-fout" messageId="link.invalid">
        {t['link.invalid']}
      </ErrorMessage>
      <p>
        <a href="/wachtwoord-vergeten">{t['login.forgot']}</a>
      </p>
    </Layout>
  );
}

function ForgotPage(props: { request: FastifyRequest; sent: boolean; missing: boolean; notMe?: boolean }) {
  const { request } = props;
  const t = request.t;
  return (
    <Layout ctx={pageContext(request)} title={t['forgot.title']}>
      <h1>{t['forgot.title']}</h1>
      {props.notMe === true && (
        <Notice messageId="account.notMe.done" tone="warning">
          {t['account.notMe.done']}
        </Notice>
      )}
      {props.sent && (
        <Notice messageId="forgot.sent" tone="success">
          {t['forgot.sent']}
        </Notice>
      )}
      {props.missing && (
        <ErrorMessage id="vergeten-fout" messageId="forgot.error.missing">
          {t['forgot.error.missing']}
        </ErrorMessage>
      )}
      <p>{t['forgot.intro']}</p>
      <form method="post" action="/wachtwoord-vergeten" class="form" novalidate>
        <CsrfField token={request.csrfToken} />
        <div class="field">
          <label for="identificatie">{t['forgot.field']}</label>
          <input
            id="identificatie"
            name="identifier"
            type="text"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            aria-invalid={props.missing ? 'true' : undefined}
            aria-describedby={props.missing ? 'vergeten-fout' : undefined}
          />
        </div>
        <button type="submit" class="button">
          {t['forgot.submit']}
        </button>
      </form>
      <p>
        <a href="/inloggen">{t['login.title']}</a>
      </p>
    </Layout>
  );
}

export function registerAccountRoutes(app: FastifyInstance, deps: LinkDeps & { readonly background: BackgroundWork }): void {
  for (const purpose of ['activation', 'recovery'] as const) {
    const path = `${LINK_PATHS[purpose]}:token`;
    const tokenOf = (request: FastifyRequest) => String((request.params as { token?: string }).token ?? '');

    app.get(path, { config: { audience: 'public' } }, async (request, reply) => {
      const token = tokenOf(request);
      // The token is in the path: strict-origin sends only the origin as Referer, never the path.
      // Not no-referrer: then browsers send `Origin: null` with the form post, which the CSRF
      // check (rightly) refuses, and no patient could save a password from the link.
      reply.header('referrer-policy', 'strict-origin');
      if (!(await linkIsUsable(deps, purpose, token))) return sendPage(reply, <InvalidLinkPage request={request} />, 410);
      return sendPage(reply, <NewPasswordPage request={request} purpose={purpose} action={`${LINK_PATHS[purpose]}${token}`} />);
    });

    app.post(path, { config: { audience: 'public' } }, async (request, reply: FastifyReply) => {
      const token = tokenOf(request);
      reply.header('referrer-policy', 'strict-origin');
      const result = await setPasswordWithLink(deps, {
        purpose,
        token,
        password: formField(request.body, 'password', 4096),
        client: request.client,
      });
      switch (result.kind) {
        case 'saved':
          return reply.redirect('/inloggen?melding=wachtwoord', 303);
        case 'invalid_link':
          return sendPage(reply, <InvalidLinkPage request={request} />, 410);
        case 'bad_password':
          return sendPage(
            reply,
            <NewPasswordPage
              request={request}
              purpose={purpose}
              action={`${LINK_PATHS[purpose]}${token}`}
              error={PROBLEM_MESSAGES[result.problem]}
              feedback={{ warning: result.warning, suggestions: result.suggestions }}
            />,
            422,
          );
      }
    });
  }

  app.get('/wachtwoord-vergeten', { config: { audience: 'public' } }, async (request, reply) =>
    sendPage(reply, <ForgotPage request={request} sent={false} missing={false} notMe={(request.query as Record<string, unknown>)['melding'] === 'was-ik-niet'} />),
  );

  app.post('/wachtwoord-vergeten', { config: { audience: 'public' } }, async (request, reply) => {
    const identifier = formField(request.body, 'identifier', 254).trim();
    if (identifier === '') return sendPage(reply, <ForgotPage request={request} sent={false} missing />, 422);
    // The same page for every input, and the lookup and the e-mail start only once it has gone
    // out. Started any earlier, they would delay the answer for a known account only: on the
    // embedded database a query runs on this very thread (measured: 7 ms against 2 ms), and even
    // with PostgreSQL building the link and the e-mail costs this process time.
    const answered = new Promise<void>((resolve) => finished(reply.raw, () => resolve()));
    deps.background.start(
      async () => {
        await answered;
        await requestRecovery(deps, { identifier, client: request.client, locale: request.locale });
      },
      (error) => request.log.error({ err: error }, 'password recovery request failed'),
    );
    return sendPage(reply, <ForgotPage request={request} sent missing={false} />);
  });
}
