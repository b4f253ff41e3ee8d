import type { ComponentChildren } from 'preact';
import type { Messages, MessageId } from '../../i18n/messages.ts';
import type { Locale } from '../../i18n/locale.ts';

export interface PageContext {
  readonly t: Messages;
  readonly locale: Locale;
  readonly csrfToken: string;
  /** The path and query of this page, to come back to after switching language. */
  readonly path: string;
  readonly offerEnglish?: boolean;
  /** Where `Uitloggen` posts to, when someone is logged in. */
  readonly logoutAction?: string;
}

export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren; wide?: boolean; staff?: boolean }) {
  const { ctx } = props;
  const otherLocale: Locale = ctx.locale === 'nl' ? 'en' : 'nl';
  const languageHref = `/taal?lang=${otherLocale}&terug=${encodeURIComponent(ctx.path)}`;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${ctx.t['app.name']}`}</title>
        <link rel="stylesheet" href="/static/portal.css" />
      </head>
      <body>
        <a class="skip-link" href="#inhoud">
          {ctx.t['layout.skip']}
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <span class="site-name">{ctx.t['app.name']}</span>
            <nav class="site-nav" aria-label={ctx.locale === 'nl' ? 'Taal en account' : 'Language and account'}>
              <a href={languageHref} lang={otherLocale} hreflang={otherLocale} aria-label={ctx.t['layout.switchLanguageLabel']}>
                {ctx.t['layout.switchLanguage']}
              </a>
              {ctx.logoutAction !== undefined && (
                <form method="post" action={ctx.logoutAction} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="button button--secondary">
                    {ctx.t['layout.logout']}
                  </button>
                </form>
              )}
            </nav>
          </div>
        </header>
        {ctx.offerEnglish === true && (
          <p class="language-offer" lang="en">
            <a href={languageHref} hreflang="en">
              {ctx.t['layout.englishOffer']}
            </a>
          </p>
        )}
        <main id="inhoud" class={props.wide === true ? 'main main--wide' : 'main'} tabIndex={-1}>
          {props.children}
        </main>
        <footer class={props.wide === true ? 'site-footer site-footer--wide' : 'site-footer'}>
          <p>{props.staff === true ? ctx.t['layout.staffFooter'] : ctx.t['layout.footer']}</p>
        </footer>
      </body>
    </html>
  );
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** A message the user must notice: announced by screen readers at once. */
export function ErrorMessage(props: { id: string; messageId: MessageId; children: ComponentChildren }) {
  return (
    <div class="message message--error" id={props.id} role="alert" data-message-id={props.messageId}>
      <p>{props.children}</p>
    </div>
  );
}

export function Notice(props: { messageId: MessageId; children: ComponentChildren; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div class={`message message--${props.tone ?? 'info'}`} role="status" data-message-id={props.messageId}>
      <p>{props.children}</p>
    </div>
  );
}
