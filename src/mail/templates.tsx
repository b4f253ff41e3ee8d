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

export function renderMail(template: MailTemplate, params: MailParams, secrets: MailSecretValues): RenderedMail {
  const locale = localeOf(params);
  const t = messagesFor(locale);
  const practice = str(params, 'practiceName') || t['app.name'];
  switch (template) {
    case 'session_code': {
      const code = secrets.code;
      if (code === undefined || !/^[0-9]{6}$/.test(code)) throw new Error('session_code mail needs a six-digit code');
      const createdAt = formatTime(new Date(str(params, 'codeCreatedAt')));
      const until = formatTime(new Date(str(params, 'expiresAt')));
      const minutes = Number(params['ttlMinutes'] ?? 10);
      const lines = [
        t['mail.code.greeting'],
        '',
        t['mail.code.intro']({ time: createdAt }),
        '',
        // Spaced out in the HTML only: the plain text holds the code once as one run of six digits.
        `    ${code}`,
        '',
        t['mail.code.validity']({ minutes, until }),
        params['repeat'] === true ? t['mail.code.repeat']({ time: createdAt }) : t['mail.code.replaces'],
        '',
        t['mail.code.notYou'],
        '',
        '-- ',
        t['mail.footer']({ practice }),
      ];
      return {
        subject: t['mail.code.subject']({ time: createdAt, practice }),
        text: lines.join('\n'),
        html: html(
          locale,
          <>
            <p>{t['mail.code.greeting']}</p>
            <p>{t['mail.code.intro']({ time: createdAt })}</p>
            <p style="font-size: 28px; font-weight: bold; letter-spacing: 4px; font-family: monospace;">{code}</p>
            <p>{t['mail.code.validity']({ minutes, until })}</p>
            <p>{params['repeat'] === true ? t['mail.code.repeat']({ time: createdAt }) : t['mail.code.replaces']}</p>
            <p>{t['mail.code.notYou']}</p>
            <p style="color: #555; font-size: 14px;">{t['mail.footer']({ practice })}</p>
          </>,
        ),
      };
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
    case 'email_change_code': {
      const code = secrets.code;
      if (code === undefined || !/^[0-9]{6}$/.test(code)) throw new Error('email_change_code mail needs a six-digit code');
      const createdAt = formatTime(new Date(str(params, 'codeCreatedAt')));
      const until = formatTime(new Date(str(params, 'expiresAt')));
      const minutes = Number(params['ttlMinutes'] ?? 10);
      const subject = t['mail.emailCode.subject']({ time: createdAt, practice });
      return {
        subject,
        // As in the sign-in's code e-mail: the plain text holds the code once, as one run of six digits.
        text: [
          t['mail.code.greeting'],
          '',
          t['mail.emailCode.intro']({ time: createdAt }),
          '',
          `    ${code}`,
          '',
          t['mail.code.validity']({ minutes, until }),
          '',
          t['mail.emailCode.notYou'],
          '',
          '-- ',
          t['mail.footer']({ practice }),
        ].join('\n'),
        html: html(
          locale,
          <>
            <p>{t['mail.code.greeting']}</p>
            <p>{t['mail.emailCode.intro']({ time: createdAt })}</p>
            <p style="font-size: 28px; font-weight: bold; letter-spacing: 4px; font-family: monospace;">{code}</p>
            <p>{t['mail.code.validity']({ minutes, until })}</p>
            <p>{t['mail.emailCode.notYou']}</p>
            <p style="color: #555; font-size: 14px;">{t['mail.footer']({ practice })}</p>
          </>,
        ),
      };
    }
    case 'email_changed': {
      const changedAt = new Date(str(params, 'changedAt'));
      const when = Number.isNaN(changedAt.getTime()) ? new Date() : changedAt;
      const subject = t['mail.emailChanged.subject']({ practice });
      const body = t['mail.emailChanged.body']({ date: formatDate(when, locale), time: formatTime(when), email: str(params, 'newEmailMasked') });
      const closing = t['mail.emailChanged.notYou'];
      return {
        subject,
        text: [t['mail.code.greeting'], '', body, '', closing, '', '-- ', t['mail.footer']({ practice })].join('\n'),
        html: html(
          locale,
          <>
            <p>{t['mail.code.greeting']}</p>
            <p>{body}</p>
            <p>{closing}</p>
            <p style="color: #555; font-size: 14px;">{t['mail.footer']({ practice })}</p>
          </>,
        ),
      };
    }
    case 'portal_news': {
      const link = secrets.loginLink;
      if (link === undefined) throw new Error('portal_news mail needs the login link');
      const subject = t['mail.news.subject']({ practice });
      return {
        subject,
        text: [t['mail.code.greeting'], '', t['mail.news.body']({ practice }), '', link, '', t['mail.news.why'], '', '-- ', t['mail.footer']({ practice })].join('\n'),
        html: html(
          locale,
          <>
            <p>{t['mail.code.greeting']}</p>
            <p>{t['mail.news.body']({ practice })}</p>
            <p>
              <a href={link}>{t['mail.news.linkText']}</a>
            </p>
            <p>{t['mail.news.why']}</p>
            <p style="color: #555; font-size: 14px;">{t['mail.footer']({ practice })}</p>
          </>,
        ),
      };
    }
    case 'password_changed': {
      const changedAt = new Date(str(params, 'changedAt'));
      const when = Number.isNaN(changedAt.getTime()) ? new Date() : changedAt;
      const subject = t['mail.passwordChanged.subject']({ practice });
      const body = t['mail.passwordChanged.body']({ date: formatDate(when, locale), time: formatTime(when) });
      const closing = t['mail.passwordChanged.notYou'];
      return {
        subject,
        text: [t['mail.code.greeting'], '', body, '', closing, '', '-- ', t['mail.footer']({ practice })].join('\n'),
        html: html(
          locale,
          <>
            <p>{t['mail.code.greeting']}</p>
            <p>{body}</p>
            <p>{closing}</p>
            <p style="color: #555; font-size: 14px;">{t['mail.footer']({ practice })}</p>
          </>,
        ),
      };
    }
  }
}
