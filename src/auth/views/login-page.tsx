import { CsrfField, ErrorMessage, Layout, Notice, type PageContext } from '../../http/views/layout.tsx';
import type { MessageId } from '../../i18n/messages.ts';
import { PasswordField } from './password-field.tsx';

export interface LoginPageModel {
  readonly staff: boolean;
  readonly action: string;
  readonly username: string;
  readonly error?: { readonly messageId: MessageId; readonly text: string };
  readonly notice?: { readonly messageId: MessageId; readonly text: string };
}

export function LoginPage(props: { ctx: PageContext; model: LoginPageModel }) {
  const { ctx, model } = props;
  const t = ctx.t;
  const title = model.staff ? t['login.staffTitle'] : t['login.title'];
  const errorId = 'login-fout';
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {model.notice !== undefined && <Notice messageId={model.notice.messageId}>{model.notice.text}</Notice>}
      {model.error !== undefined && (
        <ErrorMessage id={errorId} messageId={model.error.messageId}>
          {model.error.text}
        </ErrorMessage>
      )}
      <p>{model.staff ? t['login.staffIntro'] : t['login.intro']}</p>
      <form method="post" action={model.action} class="form" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <div class="field">
          <label for="gebruikersnaam">{t['login.username']}</label>
          <input
            id="gebruikersnaam"
            name="username"
            type="text"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            value={model.username}
            autofocus={model.error !== undefined || model.username === ''}
            aria-invalid={model.error !== undefined ? 'true' : undefined}
            aria-describedby={model.error !== undefined ? errorId : undefined}
          />
        </div>
        <PasswordField id="wachtwoord" name="password" label={t['login.password']} purpose="current" errorId={model.error !== undefined ? errorId : undefined} />
        <button type="submit" class="button">
          {t['login.submit']}
        </button>
      </form>
      <p>
        <a href="/wachtwoord-vergeten">{t['login.forgot']}</a>
      </p>
    </Layout>
  );
}
