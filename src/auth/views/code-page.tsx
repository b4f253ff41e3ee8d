import { SessionCodeField } from './code-field.tsx';
import { CsrfField, ErrorMessage, Layout, Notice, type PageContext } from '../../http/views/layout.tsx';
import type { MessageId } from '../../i18n/messages.ts';
import { formatTime } from '../../i18n/locale.ts';
import type { CodeStepView, CodeMailView } from '../sign-in/sign-in.flow.ts';

export interface ShownMessage {
  readonly messageId: MessageId;
  readonly text: string;
  readonly tone?: 'info' | 'success' | 'warning';
}

export interface CodePageModel {
  readonly paths: { readonly code: string; readonly resend: string; readonly help: string; readonly cancel: string; readonly authenticator?: string };
  readonly view: CodeStepView;
  readonly now: Date;
  readonly error?: ShownMessage;
  readonly notice?: ShownMessage;
  /** What was typed, shown again when it was not six digits, so the patient can see why. */
  readonly typed?: string;
}

function deliveryMessage(ctx: PageContext, mail: CodeMailView): ShownMessage {
  const t = ctx.t;
  switch (mail.state) {
    case 'sent':
      return { messageId: 'code.delivery.sent', text: t['code.delivery.sent']({ time: formatTime(mail.sentAt ?? mail.queuedAt) }), tone: 'success' };
    case 'retrying':
      return { messageId: 'code.delivery.retrying', text: t['code.delivery.retrying'], tone: 'warning' };
    case 'failed':
      return { messageId: 'code.delivery.failed', text: t['code.delivery.failed'], tone: 'warning' };
    case 'dropped':
      return { messageId: 'code.delivery.dropped', text: t['code.delivery.dropped'], tone: 'warning' };
    case 'waiting':
      return { messageId: 'code.delivery.waiting', text: t['code.delivery.waiting'] };
  }
}

export function CodePage(props: { ctx: PageContext; model: CodePageModel }) {
  const { ctx, model } = props;
  const { view } = model;
  const t = ctx.t;
  const errorId = 'sessiecode-fout';
  const hintId = 'sessiecode-uitleg';
  const code = view.code;
  const latestMail = view.mails.at(-1);
  const repeats = view.mails.filter((mail) => mail.repeat);
  const lastRepeat = repeats.at(-1);
  const paused = view.pausedUntil !== null;
  const codeUsable = code !== null && code.status === 'live' && !paused;
  const needsNewCode = view.emailCodeAllowed && (code === null || code.status === 'expired' || code.status === 'voided');
  const codeTime = code === null ? null : formatTime(code.createdAt);

  return (
    <Layout ctx={ctx} title={t['code.title']}>
      <h1>{t['code.title']}</h1>
      {model.error !== undefined && (
        <ErrorMessage id={errorId} messageId={model.error.messageId}>
          {model.error.text}
        </ErrorMessage>
      )}
      {model.notice !== undefined && (
        <Notice messageId={model.notice.messageId} tone={model.notice.tone ?? 'info'}>
          {model.notice.text}
        </Notice>
      )}
      {paused && view.pausedUntil !== null && model.error?.messageId !== 'code.error.paused' && (
        <ErrorMessage id="sessiecode-pauze" messageId="code.error.paused">
          {t['code.error.paused']({ time: formatTime(view.pausedUntil) })}
        </ErrorMessage>
      )}

      <p>{t['code.intro']}</p>
      {code !== null && codeTime !== null && (
        <div class="code-status" data-code-created={codeTime}>
          <p data-message-id="code.sentAt">
            {t['code.sentAt']({ time: codeTime, email: view.maskedEmail })}
          </p>
          <p class="code-status__time" data-message-id="code.matchTime">
            <strong>{t['code.matchTime']({ time: codeTime })}</strong>
          </p>
          {lastRepeat !== undefined && (
            <p data-message-id="code.sentAgainSame">{t['code.sentAgainSame']({ time: formatTime(lastRepeat.queuedAt) })}</p>
          )}
          {code.status === 'live' && <p data-message-id="code.validUntil">{t['code.validUntil']({ time: formatTime(code.expiresAt) })}</p>}
          {latestMail !== undefined && <DeliveryLine ctx={ctx} mail={latestMail} />}
        </div>
      )}

      {codeUsable && (
        <form method="post" action={model.paths.code} class="form" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <SessionCodeField t={t} typed={model.typed} errorId={model.error !== undefined ? errorId : undefined} hintId={hintId} />
          <button type="submit" class="button">
            {t['code.submit']}
          </button>
        </form>
      )}

      {needsNewCode && !paused && (
        <form method="post" action={model.paths.resend} class="form">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button">
            {t['code.resend.button']}
          </button>
        </form>
      )}

      {view.authenticatorAvailable && model.paths.authenticator !== undefined && !paused && (
        <section class="authenticator" aria-labelledby="app-titel">
          <h2 id="app-titel">{t['code.app.title']}</h2>
          <form method="post" action={model.paths.authenticator} class="form" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <div class="field">
              <label for="app-code">{t['authenticator.codeLabel']}</label>
              <input id="app-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" class="input--code" required />
            </div>
            <button type="submit" class="button button--secondary">
              {t['code.app.submit']}
            </button>
          </form>
        </section>
      )}

      <ul class="links">
        <li>
          <a href={model.paths.resend}>{t['code.noCode']}</a>
        </li>
        <li>
          <a href={model.paths.help}>{t['code.moreInfo']}</a>
        </li>
      </ul>

      <section class="tips" aria-labelledby="tips-titel" id="geen-code">
        <h2 id="tips-titel">{t['code.tips.title']}</h2>
        <ul>
          <li>{t['code.tips.keepOpen']}</li>
          <li>{t['code.tips.spam']}</li>
          <li>{t['code.tips.refresh']}</li>
          <li>{t['code.tips.address']({ email: view.maskedEmail })}</li>
        </ul>
        {!needsNewCode && !paused && (
          <form method="post" action={model.paths.resend} class="form">
            <CsrfField token={ctx.csrfToken} />
            {view.resendAvailableAt !== null && view.resendAvailableAt > model.now && (
              <p class="hint" data-message-id="code.resend.available">
                {t['code.resend.available']({ time: formatTime(view.resendAvailableAt) })}
              </p>
            )}
            <button type="submit" class="button button--secondary">
              {t['code.resend.button']}
            </button>
          </form>
        )}
      </section>

      <form method="post" action={model.paths.cancel} class="form form--quiet">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="button button--link">
          {t['code.cancel']}
        </button>
      </form>
    </Layout>
  );
}

/** What became of the e-mail with the code; the e-mail change's code page shows it too. */
export function DeliveryLine(props: { ctx: PageContext; mail: CodeMailView }) {
  const message = deliveryMessage(props.ctx, props.mail);
  return (
    <p class={`delivery delivery--${props.mail.state}`} data-message-id={message.messageId} data-delivery={props.mail.state}>
      {message.text}
    </p>
  );
}

/** What to show when the sign-in cannot continue on this page (replaced, too old, done). */
export function StartAgainPage(props: { ctx: PageContext; loginPath: string; message: ShownMessage }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t['code.title']}>
      <h1>{ctx.t['code.title']}</h1>
      <ErrorMessage id="sessiecode-fout" messageId={props.message.messageId}>
        {props.message.text}
      </ErrorMessage>
      <p>
        <a class="button" href={props.loginPath}>
          {ctx.t['login.submit']}
        </a>
      </p>
    </Layout>
  );
}
