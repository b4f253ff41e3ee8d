/**
 * The e-mails of the portal, as plain text and simple HTML. None carries medical content: only
 * a code or a link, the practice's name and what to do.
 */
import { renderToStaticMarkup } from 'preact-render-to-string';
import type { ComponentChildren } from 'preact';
import { messagesFor } from '../i18n/messages.ts';
import { formatDate, formatTime, isLocale, type Locale } from '../i18n/locale.ts';
import type { MailParams, MailTemplate } from './outbox.ts';

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface MailSecretValues {
  /** The six-digit code, for `session_code` and `email_change_code`. */
  readonly code?: string;
  /** The one-time link, for `activation` and `recovery`. */
  readonly link?: string;
  /** The portal's login page, for mail that only points the patient to the portal. */
  readonly loginLink?: string;
}

function str(params: MailParams, key: string): string {
  const value = params[key];
  return typeof value === 'string' ? value : '';
}

function localeOf(params: MailParams): Locale {
  const value = params['locale'];
  return isLocale(value) ? value : 'nl';
}

function HtmlMail(props: { lang: Locale; children: ComponentChildren }) {
  return (
    <html lang={props.lang}>
      <body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 36em;">
        {props.children}
      </body>
    </html>
  );
}

function html(lang: Locale, body: ComponentChildren): string {
  return `<!doctype html>${renderToStaticMarkup(<HtmlMail lang={lang}>{body}</HtmlMail>)}`;
}

/** A mail that brings a six-digit code: the code once in the plain text, large in the HTML. */
function codeMail(
  locale: Locale,
  practice: string,
  code: string | undefined,
  // `after`: the lines under the validity in the plain text ('' for a blank line).
  parts: { subject: string; intro: string; validity: string; after: readonly string[] },
): RenderedMail {
  if (code === undefined || !/^[0-9]{6}$/.test(code)) throw new Error('a code mail needs a six-digit code');
  const t = messagesFor(locale);
  return {
    subject: parts.subject,
    // Spaced out in the HTML only: the plain text holds the code once as one run of six digits.
    text: [t['mail.code.greeting'], '', parts.intro, '', `    ${code}`, '', parts.validity, ...parts.after, '', '-- ', t['mail.footer']({ practice })].join('\n'),
    html: html(
      locale,
      <>
        <p>{t['mail.code.greeting']}</p>
        <p>{parts.intro}</p>
        <p style="font-size: 28px; font-weight: bold; letter-spacing: 4px; font-family: monospace;">{code}</p>
        <p>{parts.validity}</p>
        {parts.after
          .filter((line) => line !== '')
          .map((line) => (
            <p>{line}</p>
          ))}
        <p style="color: #555; font-size: 14px;">{t['mail.footer']({ practice })}</p>
      </>,
    ),
  };
}

/** A notice without link or code: what happened, and what to do if it was not you. */
function noticeMail(locale: Locale, practice: string, parts: { subject: string; body: string; closing: string; link?: { href: string; text: string } }): RenderedMail {
  const t = messagesFor(locale);
  const link = parts.link;
  return {
    subject: parts.subject,
    text: [t['mail.code.greeting'], '', parts.body, '', ...(link === undefined ? [] : [link.href, '']), parts.closing, '', '-- ', t['mail.footer']({ practice })].join('\n'),
    html: html(
      locale,
      <>
        <p>{t['mail.code.greeting']}</p>
        <p>{parts.body}</p>
        {link !== undefined && (
          <p>
            <a href={link.href}>{link.text}</a>
          </p>
        )}
        <p>{parts.closing}</p>
        <p style="color: #555; font-size: 14px;">{t['mail.footer']({ practice })}</p>
      </>,
    ),
  };
}

function timeOf(params: MailParams, key: string): Date {
  const at = new Date(str(params, key));
  return Number.isNaN(at.getTime()) ? new Date() : at;
}

export function renderMail(template: MailTemplate, params: MailParams, secrets: MailSecretValues): RenderedMail {
  const locale = localeOf(params);
  const t = messagesFor(locale);
  const practice = str(params, 'practiceName') || t['app.name'];
  const codeTimes = () => {
    const createdAt = formatTime(new Date(str(params, 'codeCreatedAt')));
    const until = formatTime(new Date(str(params, 'expiresAt')));
    return { createdAt, validity: t['mail.code.validity']({ minutes: Number(params['ttlMinutes'] ?? 10), until }) };
  };
  switch (template) {
    case 'session_code': {
      const { createdAt, validity } = codeTimes();
      return codeMail(locale, practice, secrets.code, {
        subject: t['mail.code.subject']({ time: createdAt, practice }),
        intro: t['mail.code.intro']({ time: createdAt }),
        validity,
        after: [params['repeat'] === true ? t['mail.code.repeat']({ time: createdAt }) : t['mail.code.replaces'], '', t['mail.code.notYou']],
      });
    }
    case 'email_change_code': {
      const { createdAt, validity } = codeTimes();
      return codeMail(locale, practice, secrets.code, {
        subject: t['mail.emailCode.subject']({ time: createdAt, practice }),
        intro: t['mail.emailCode.intro']({ time: createdAt }),
        validity,
        after: ['', t['mail.emailCode.notYou']],
      });
    }
    case 'activation':
    case 'recovery': {
      const link = secrets.link;
      if (link === undefined) throw new Error(`${template} mail needs a link`);
      const subject =
        template === 'activation' ? t['mail.activation.subject']({ practice }) : t['mail.recovery.subject']({ practice });
      const body =
        template === 'activation'
          ? t['mail.activation.body']({ practice, username: str(params, 'username') })
          : t['mail.recovery.body'];
      const closing = template === 'activation' ? t['mail.code.notYou'] : t['mail.recovery.notYou'];
      return {
        subject,
        text: [body, '', link, '', closing, '', '-- ', t['mail.footer']({ practice })].join('\n'),
        html: html(
          locale,
          <>
            <p>{body}</p>
            <p>
              <a href={link}>{subject}</a>
            </p>
            <p>{closing}</p>
            <p style="color: #555; font-size: 14px;">{t['mail.footer']({ practice })}</p>
          </>,
        ),
      };
    }
    case 'email_changed': {
      const when = timeOf(params, 'changedAt');
      return noticeMail(locale, practice, {
        subject: t['mail.emailChanged.subject']({ practice }),
        body: t['mail.emailChanged.body']({ date: formatDate(when, locale), time: formatTime(when), email: str(params, 'newEmailMasked') }),
        closing: t['mail.emailChanged.notYou'],
      });
    }
    case 'password_changed': {
      const when = timeOf(params, 'changedAt');
      return noticeMail(locale, practice, {
        subject: t['mail.passwordChanged.subject']({ practice }),
        body: t['mail.passwordChanged.body']({ date: formatDate(when, locale), time: formatTime(when) }),
        closing: t['mail.passwordChanged.notYou'],
      });
    }
    case 'portal_news': {
      const link = secrets.loginLink;
      if (link === undefined) throw new Error('portal_news mail needs the login link');
      return noticeMail(locale, practice, {
        subject: t['mail.news.subject']({ practice }),
        body: t['mail.news.body']({ practice }),
        link: { href: link, text: t['mail.news.linkText'] },
        closing: t['mail.news.why'],
      });
    }
  }
}
