import type { Messages, MessageId } from '../../i18n/messages.ts';
import { formatDate, formatTime, type Locale } from '../../i18n/locale.ts';
import { CsrfField, Notice, type PageContext } from '../../http/views/layout.tsx';
import type { PatientRecord } from '../patients.repository.ts';
import { can, type StaffActor } from '../permissions.ts';
import {
  TIMELINE_DAYS,
  type Finding,
  type FixAction,
  type MailKind,
  type SignInTimeline,
  type TimelineItem,
  type TimelineMail,
} from '../sign-in-diagnosis.ts';
import { ConsoleLayout } from './console-layout.tsx';

/** `11:53` today, `11:53 op 24 november 2026` on another day (Europe/Amsterdam). */
export function timeText(t: Messages, locale: Locale, now: Date, at: Date): string {
  const time = formatTime(at);
  return formatDate(at, 'nl') === formatDate(now, 'nl') ? time : t['diagnosis.timeOnDate']({ time, date: formatDate(at, locale) });
}

/** An SMTP answer as part of a sentence: without its own closing full stop. */
function reply(text: string): string {
  return text.trim().replace(/[.\s]+$/, '');
}

export interface Phrased {
  readonly finding: string;
  readonly fix: string;
}

/** A finding in words: what went wrong and what to do. Exported for the unit tests. */
export function phraseFinding(t: Messages, when: (at: Date) => string, finding: Finding, email: string): Phrased {
  switch (finding.id) {
    case 'deactivated':
      return { finding: t['diagnosis.finding.deactivated'], fix: t['diagnosis.fix.deactivated'] };
    case 'never_activated':
      return {
        finding: t['diagnosis.finding.never_activated']({ time: finding.invitationAt === null ? null : when(finding.invitationAt) }),
        fix: t['diagnosis.fix.never_activated'],
      };
    case 'code_paused':
      return { finding: t['diagnosis.finding.code_paused']({ time: when(finding.until), tries: finding.wrongTries }), fix: t['diagnosis.fix.code_paused'] };
    case 'password_throttled':
      return {
        finding: t['diagnosis.finding.password_throttled']({ time: when(finding.until), failures: finding.failures }),
        fix: t['diagnosis.fix.password_throttled'],
      };
    case 'code_mail_limit':
      return {
        finding: t['diagnosis.finding.code_mail_limit']({ count: finding.mails, time: when(finding.until) }),
        fix: t['diagnosis.fix.code_mail_limit']({ time: when(finding.until) }),
      };
    case 'mail_rejected':
      return {
        finding: t['diagnosis.finding.mail_rejected']({ time: when(finding.mailAt), response: reply(finding.response) }),
        fix: t['diagnosis.fix.mail_rejected']({ email }),
      };
    case 'mail_failed':
      return { finding: t['diagnosis.finding.mail_failed']({ time: when(finding.mailAt), error: reply(finding.error) }), fix: t['diagnosis.fix.mail_failed'] };
    case 'older_code_used':
      return {
        finding: t['diagnosis.finding.older_code_used']({
          entered: when(finding.enteredAt),
          older: finding.olderCodeAt === null ? null : when(finding.olderCodeAt),
          newest: finding.newestCodeAt === null ? null : when(finding.newestCodeAt),
        }),
        fix: t['diagnosis.fix.older_code_used'],
      };
    case 'used_code_again':
      return {
        finding: t['diagnosis.finding.used_code_again']({ entered: when(finding.enteredAt), used: finding.usedAt === null ? null : when(finding.usedAt) }),
        fix: t['diagnosis.fix.used_code_again'],
      };
    case 'mail_delayed':
      return {
        finding: t['diagnosis.finding.mail_delayed']({
          time: when(finding.mailAt),
          attempts: finding.attempts,
          sent: finding.sentAt === null ? null : when(finding.sentAt),
        }),
        fix: t['diagnosis.fix.mail_delayed']({ sent: finding.sentAt !== null }),
      };
    case 'code_expired_before_use':
      return {
        finding: t['diagnosis.finding.code_expired_before_use']({
          code: finding.codeAt === null ? null : when(finding.codeAt),
          until: finding.expiredAt === null ? null : when(finding.expiredAt),
          entered: when(finding.enteredAt),
        }),
        fix: t['diagnosis.fix.code_expired_before_use']({ minutes: finding.validMinutes }),
      };
    case 'wrong_codes':
      return {
        finding: t['diagnosis.finding.wrong_codes']({ count: finding.count, last: when(finding.lastAt), voided: finding.codeVoided }),
        fix: t['diagnosis.fix.wrong_codes'],
      };
    case 'wrong_password_many':
      return {
        finding: t['diagnosis.finding.wrong_password_many']({ count: finding.count, last: when(finding.lastAt) }),
        fix: t['diagnosis.fix.wrong_password_many'],
      };
    case 'code_never_entered':
      return {
        finding: t['diagnosis.finding.code_never_entered']({ login: when(finding.loginAt), until: when(finding.expiredAt) }),
        fix: t['diagnosis.fix.code_never_entered']({ sent: finding.mailSentAt === null ? null : when(finding.mailSentAt) }),
      };
    case 'waiting_for_code':
      return {
        finding: t['diagnosis.finding.waiting_for_code']({ login: when(finding.loginAt), until: when(finding.validUntil) }),
        fix: t['diagnosis.fix.waiting_for_code']({ code: when(finding.codeAt) }),
      };
    case 'all_good_recently':
      return { finding: t['diagnosis.finding.all_good_recently']({ time: when(finding.signedInAt) }), fix: t['diagnosis.fix.all_good_recently'] };
    case 'no_recent_attempts':
      return { finding: t['diagnosis.finding.no_recent_attempts']({ days: finding.days }), fix: t['diagnosis.fix.no_recent_attempts'] };
    case 'no_cause_found':
      return { finding: t['diagnosis.finding.no_cause_found'], fix: t['diagnosis.fix.no_cause_found'] };
  }
}

function mailWhat(t: Messages, kind: MailKind, repeat: boolean): string {
  if (kind === 'session_code') return repeat ? t['diagnosis.mail.session_code_repeat'] : t['diagnosis.mail.session_code'];
  return t[`diagnosis.mail.${kind}`];
}

function phraseMail(t: Messages, when: (at: Date) => string, mail: TimelineMail): { messageId: MessageId; text: string } {
  const what = mailWhat(t, mail.kind, mail.repeat);
  const to = mail.to;
  switch (mail.state) {
    case 'sent':
      return {
        messageId: 'diagnosis.item.mail.sent',
        text: t['diagnosis.item.mail.sent']({ what, to, sent: when(mail.sentAt ?? mail.createdAt), response: mail.smtpResponse === null ? null : reply(mail.smtpResponse) }),
      };
    case 'failed':
      return { messageId: 'diagnosis.item.mail.failed', text: t['diagnosis.item.mail.failed']({ what, to, error: mail.lastError === null ? null : reply(mail.lastError) }) };
    case 'dropped':
      return { messageId: 'diagnosis.item.mail.dropped', text: t['diagnosis.item.mail.dropped']({ what, to }) };
    default:
      return {
        messageId: 'diagnosis.item.mail.waiting',
        text: t['diagnosis.item.mail.waiting']({ what, to, attempts: mail.attempts, error: mail.lastError === null ? null : reply(mail.lastError) }),
      };
  }
}

function phraseItem(t: Messages, when: (at: Date) => string, item: TimelineItem): { messageId: MessageId; text: string } {
  const maybe = (at: Date | null) => (at === null ? null : when(at));
  switch (item.kind) {
    case 'password_accepted':
    case 'password_refused':
    case 'attempt_expired':
    case 'block_lifted':
    case 'account_created':
    case 'password_set':
    case 'recovery_requested':
    case 'deactivated':
    case 'reactivated':
    case 'details_changed':
    case 'email_changed':
    case 'password_changed':
      return { messageId: `diagnosis.item.${item.kind}`, text: t[`diagnosis.item.${item.kind}`] };
    case 'password_throttled':
      return { messageId: 'diagnosis.item.password_throttled', text: t['diagnosis.item.password_throttled']({ until: maybe(item.until) }) };
    case 'code_made':
      return { messageId: 'diagnosis.item.code_made', text: t['diagnosis.item.code_made']({ until: when(item.expiresAt), onRequest: item.onRequest }) };
    case 'code_superseded':
      return { messageId: 'diagnosis.item.code_superseded', text: t['diagnosis.item.code_superseded']({ code: when(item.codeAt) }) };
    case 'code_voided':
      return { messageId: 'diagnosis.item.code_voided', text: t['diagnosis.item.code_voided']({ code: when(item.codeAt) }) };
    case 'code_expired':
      return { messageId: 'diagnosis.item.code_expired', text: t['diagnosis.item.code_expired']({ code: when(item.codeAt) }) };
    case 'code_accepted':
      return { messageId: 'diagnosis.item.code_accepted', text: t['diagnosis.item.code_accepted']({ code: maybe(item.codeAt) }) };
    case 'code_paused':
      return { messageId: 'diagnosis.item.code_paused', text: t['diagnosis.item.code_paused']({ until: maybe(item.until), tries: item.wrongTries }) };
    case 'mail':
      return phraseMail(t, when, item.mail);
    case 'code_refused':
      switch (item.reason) {
        case 'wrong_code':
        case 'wrong_code_voided':
          return { messageId: `diagnosis.item.refused.${item.reason}`, text: t[`diagnosis.item.refused.${item.reason}`]({ tries: item.wrongTries }) };
        case 'older_code':
        case 'used_code':
        case 'expired':
          return { messageId: `diagnosis.item.refused.${item.reason}`, text: t[`diagnosis.item.refused.${item.reason}`]({ code: maybe(item.codeAt) }) };
        case 'voided_code':
        case 'other':
          return { messageId: `diagnosis.item.refused.${item.reason}`, text: t[`diagnosis.item.refused.${item.reason}`] };
      }
  }
}

/** Which permission the fix of a finding needs, when the staff member does it in the portal. */
function permissionFor(action: FixAction): 'signin.fix' | 'patients.write' | null {
  if (action === 'lift_block') return 'signin.fix';
  if (action === 'reactivate' || action === 'send_activation' || action === 'correct_email') return 'patients.write';
  return null;
}

export interface SignInPageProps {
  readonly ctx: PageContext;
  readonly actor: StaffActor;
  readonly patient: PatientRecord;
  readonly timeline: SignInTimeline;
  readonly findings: readonly Finding[];
  readonly items: readonly TimelineItem[];
  readonly now: Date;
  readonly notice: 'lifted' | null;
}

export function SignInPage(props: SignInPageProps) {
  const { ctx, actor, patient, timeline, findings, items, now } = props;
  const t = ctx.t;
  const when = (at: Date) => timeText(t, ctx.locale, now, at);
  const base = `/praktijk/patienten/${patient.id}`;
  const mayFix = can(actor, 'signin.fix');
  const mayWrite = can(actor, 'patients.write');
  const guard = timeline.guard;
  const pausedUntil = guard?.codePausedUntil !== null && guard?.codePausedUntil !== undefined && guard.codePausedUntil > now ? guard.codePausedUntil : null;
  const throttle = timeline.passwordThrottle;
  const blockedUntil = throttle?.blockedUntil !== null && throttle?.blockedUntil !== undefined && throttle.blockedUntil > now ? throttle.blockedUntil : null;
  const somethingToLift = pausedUntil !== null || blockedUntil !== null || (guard?.wrongCodeTries ?? 0) > 0 || throttle !== null;
  const title = t['diagnosis.title']({ name: patient.displayName });

  return (
    <ConsoleLayout ctx={ctx} actor={actor} title={title} current="patients">
      <h1>{title}</h1>
      {props.notice === 'lifted' && (
        <Notice messageId="diagnosis.notice.lifted" tone="success">
          {t['diagnosis.notice.lifted']}
        </Notice>
      )}
      <p>{t['diagnosis.intro']({ days: TIMELINE_DAYS })}</p>

      <section aria-labelledby="diagnose-kop">
        <h2 id="diagnose-kop">{t['diagnosis.heading.findings']}</h2>
        <div class="diagnosis">
          {findings.map((finding) => {
            const phrased = phraseFinding(t, when, finding, patient.email);
            const needed = permissionFor(finding.action);
            const allowed = needed === null || can(actor, needed);
            return (
              <div class="finding" data-finding={finding.id}>
                <p class="finding__what" data-message-id={`diagnosis.finding.${finding.id}`}>
                  {phrased.finding}
                </p>
                <p class="finding__fix" data-message-id={`diagnosis.fix.${finding.id}`}>
                  <span class="finding__label">{t['diagnosis.fixLabel']} </span>
                  {phrased.fix}
                  {!allowed && (
                    <span data-message-id={actor.role === 'support' ? 'diagnosis.fix.askPractice' : 'diagnosis.fix.askColleague'}>
                      {' '}
                      {actor.role === 'support' ? t['diagnosis.fix.askPractice'] : t['diagnosis.fix.askColleague']}
                    </span>
                  )}
                </p>
              </div>
            );
          })}
        </div>
      </section>

      <section aria-labelledby="oplossen-kop">
        <h2 id="oplossen-kop">{t['diagnosis.heading.actions']}</h2>
        {mayFix &&
          (somethingToLift ? (
            <form method="post" action={`${base}/inloggen/pauze-opheffen`} class="form lift-form">
              <CsrfField token={ctx.csrfToken} />
              <p class="hint" id="opheffen-uitleg">
                {t['diagnosis.action.liftHint']}
              </p>
              <button type="submit" class="button" aria-describedby="opheffen-uitleg">
                {t['diagnosis.action.lift']}
              </button>
            </form>
          ) : (
            <p data-message-id="diagnosis.action.nothingToLift">{t['diagnosis.action.nothingToLift']}</p>
          ))}
        <ul class="links">
          {mayWrite && (
            <li>
              <a href={base}>{t['diagnosis.action.correctEmail']}</a>
            </li>
          )}
          {mayWrite && (
            <li>
              <a href={base}>{t['diagnosis.action.sendActivation']}</a>
            </li>
          )}
          <li>
            <a href={base}>{t['diagnosis.action.patient']}</a>
          </li>
          <li>
            <a href={`${base}/inloggen`}>{t['diagnosis.action.refresh']}</a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="nu-kop">
        <h2 id="nu-kop">{t['diagnosis.heading.now']}</h2>
        <dl class="facts">
          <dt>{t['diagnosis.now.username']}</dt>
          <dd>{patient.username}</dd>
          <dt>{t['diagnosis.now.email']}</dt>
          <dd>{patient.email}</dd>
          <dt>{t['diagnosis.now.status']}</dt>
          <dd data-status={timeline.account.status}>{t[`patients.status.${timeline.account.status}`]}</dd>
          <dt>{t['diagnosis.now.wrongCodes']}</dt>
          <dd>{guard?.wrongCodeTries ?? 0}</dd>
          <dt>{t['diagnosis.now.codePause']}</dt>
          <dd>{pausedUntil === null ? t['diagnosis.now.possible'] : t['diagnosis.now.blockedUntil']({ time: when(pausedUntil) })}</dd>
          <dt>{t['diagnosis.now.passwordBlock']}</dt>
          <dd>{blockedUntil === null ? t['diagnosis.now.possible'] : t['diagnosis.now.blockedUntil']({ time: when(blockedUntil) })}</dd>
        </dl>
      </section>

      <section aria-labelledby="tijdlijn-kop">
        <h2 id="tijdlijn-kop">{t['diagnosis.heading.timeline']({ days: TIMELINE_DAYS })}</h2>
        {items.length === 0 ? (
          <p data-message-id="diagnosis.timeline.empty">{t['diagnosis.timeline.empty']}</p>
        ) : (
          <ol class="timeline">
            {items.map((item) => {
              const phrased = phraseItem(t, when, item);
              return (
                <li class={item.tone === 'neutral' ? undefined : `timeline--${item.tone}`} data-message-id={phrased.messageId} data-kind={item.kind}>
                  <time datetime={item.at.toISOString()} class="timeline__time">
                    {when(item.at)}
                  </time>{' '}
                  <span class="timeline__what">{phrased.text}</span>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </ConsoleLayout>
  );
}
