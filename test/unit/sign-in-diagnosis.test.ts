/**
 * The diagnosis rules of "Kan niet inloggen" on recorded timelines: one per cause in the
 * practice's help text for patients (an older code, a late or refused e-mail, a code that ran
 * out, too many digits is not audited and so not here) and one per finding, plus their order and
 * the plain Dutch they are said in.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FINDING_ORDER,
  diagnose,
  timelineItems,
  type Finding,
  type FindingId,
  type SignInTimeline,
  type TimelineAttempt,
  type TimelineCode,
  type TimelineEvent,
  type TimelineMail,
} from '../../src/console/sign-in-diagnosis.ts';
import { phraseFinding, timeText } from '../../src/console/views/sign-in-page.tsx';
import { messagesFor, type MessageId } from '../../src/i18n/messages.ts';

/** A time on 26 November 2026 in Dutch time (CET, UTC+1), as the patient saw it. */
const at = (hhmm: string, day = '2026-11-26') => new Date(`${day}T${hhmm}:00+01:00`);
const plus = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);

function attempt(id: string, created: string, state: TimelineAttempt['state'] = 'awaiting_code', endedAt: string | null = null): TimelineAttempt {
  return { id, createdAt: at(created), expiresAt: plus(at(created), 60), endedAt: endedAt === null ? null : at(endedAt), state };
}

function code(id: string, attemptId: string, created: string, state: TimelineCode['state'] = 'live', extra: Partial<TimelineCode> = {}): TimelineCode {
  return {
    id,
    attemptId,
    createdAt: at(created),
    expiresAt: plus(at(created), 10),
    endedAt: null,
    state,
    wrongTries: 0,
    email: 'jan@example.nl',
    ...extra,
  };
}

function mail(id: string, codeId: string | null, created: string, extra: Partial<TimelineMail> = {}): TimelineMail {
  return {
    id,
    kind: codeId === null ? 'activation' : 'session_code',
    state: 'sent',
    createdAt: at(created),
    sentAt: at(created),
    attempts: 1,
    smtpResponse: '250 2.0.0 OK',
    lastError: null,
    sessionCodeId: codeId,
    to: 'jan@example.nl',
    repeat: false,
    ...extra,
  };
}

const passwordOk = (time: string): TimelineEvent => ({ kind: 'password_accepted', at: at(time) });
const passwordWrong = (time: string): TimelineEvent => ({ kind: 'password_refused', at: at(time) });
const refused = (time: string, reason: Extract<TimelineEvent, { kind: 'code_refused' }>['reason'], codeId: string | null, wrongTries: number | null = null): TimelineEvent => ({
  kind: 'code_refused',
  at: at(time),
  reason,
  codeId,
  wrongTries,
});
const accepted = (time: string, codeId: string): TimelineEvent => ({ kind: 'code_accepted', at: at(time), codeId });

const newestFirst = <T>(items: readonly T[], time: (item: T) => Date) => [...items].sort((a, b) => time(b).getTime() - time(a).getTime());

/** A timeline as the repository returns it: every list newest first, whatever order it was written in. */
function timeline(parts: Partial<SignInTimeline> = {}): SignInTimeline {
  return {
    since: at('00:00', '2026-11-12'),
    account: { status: 'active', hasPassword: true, email: 'jan@example.nl' },
    guard: null,
    passwordThrottle: null,
    ...parts,
    attempts: newestFirst(parts.attempts ?? [], (item) => item.createdAt),
    codes: newestFirst(parts.codes ?? [], (item) => item.createdAt),
    mails: newestFirst(parts.mails ?? [], (item) => item.createdAt),
    events: newestFirst(parts.events ?? [], (item) => item.at),
  };
}

const ids = (findings: readonly Finding[]) => findings.map((finding) => finding.id);
const nl = messagesFor('nl');
const en = messagesFor('en');

/** The finding in Dutch, as the page shows it to the staff member at `now`. */
function dutch(finding: Finding, now: Date) {
  return phraseFinding(nl, (date) => timeText(nl, 'nl', now, date), finding, 'jan@example.nl');
}

function only<T extends FindingId>(findings: readonly Finding[], id: T): Extract<Finding, { id: T }> {
  const found = findings.filter((finding) => finding.id === id);
  assert.equal(found.length, 1, `one ${id} in ${JSON.stringify(ids(findings))}`);
  return found[0] as Extract<Finding, { id: T }>;
}

/** The seed's first cause: logging in twice and typing the code of the first e-mail. */
function olderCodeStory() {
  return timeline({
    attempts: [attempt('a1', '11:50', 'superseded', '11:52'), attempt('a2', '11:52')],
    codes: [code('c1', 'a1', '11:50', 'superseded', { endedAt: at('11:52') }), code('c2', 'a2', '11:52')],
    mails: [mail('m1', 'c1', '11:50'), mail('m2', 'c2', '11:52')],
    events: [passwordOk('11:50'), passwordOk('11:52'), refused('11:53', 'older_code', 'c1')],
  });
}

describe('diagnose: the causes in the help text for patients', () => {
  test('an older code: said with the time it was typed and the time of the newest', () => {
    const now = at('11:55');
    const findings = diagnose(olderCodeStory(), now);
    assert.deepEqual(ids(findings), ['older_code_used']);
    const finding = only(findings, 'older_code_used');
    assert.deepEqual([finding.enteredAt, finding.olderCodeAt, finding.newestCodeAt, finding.times], [at('11:53'), at('11:50'), at('11:52'), 1]);
    assert.equal(finding.action, 'tell_patient');
    const text = dutch(finding, now);
    assert.ok(text.finding.startsWith('De patiënt vulde om 11:53 een oudere code in; de nieuwste was om 11:52 verstuurd.'), text.finding);
    assert.match(text.finding, /e-mail van 11:50/);
    assert.match(text.fix, /nieuwste e-mail/);
  });

  test('the older code typed again later still points at the newest code of that moment', () => {
    const story = olderCodeStory();
    const later = timeline({ ...story, events: [...story.events, refused('11:54', 'older_code', 'c1')] });
    const finding = only(diagnose(later, at('11:56')), 'older_code_used');
    assert.equal(finding.times, 2);
    assert.deepEqual(finding.enteredAt, at('11:54'));
    assert.deepEqual(finding.newestCodeAt, at('11:52'));
  });

  test('a code e-mail refused by the mail server: the SMTP answer is quoted', () => {
    const now = at('11:55');
    const findings = diagnose(
      timeline({
        attempts: [attempt('a1', '11:50')],
        codes: [code('c1', 'a1', '11:50')],
        mails: [mail('m1', 'c1', '11:50', { state: 'failed', sentAt: null, smtpResponse: null, lastError: '550 mailbox full' })],
        events: [passwordOk('11:50')],
      }),
      now,
    );
    assert.deepEqual(ids(findings), ['mail_rejected']);
    const finding = only(findings, 'mail_rejected');
    assert.equal(finding.action, 'correct_email');
    assert.equal(dutch(finding, now).finding, 'De e-mail van 11:50 is door de mailserver van de patiënt geweigerd: 550 mailbox full.');
    assert.match(dutch(finding, now).fix, /jan@example\.nl/);
  });

  test('a code e-mail that is still being retried is delayed, not lost', () => {
    const now = at('11:54');
    const findings = diagnose(
      timeline({
        attempts: [attempt('a1', '11:50')],
        codes: [code('c1', 'a1', '11:50')],
        mails: [mail('m1', 'c1', '11:50', { state: 'queued', sentAt: null, smtpResponse: null, attempts: 3, lastError: 'connect ECONNREFUSED' })],
        events: [passwordOk('11:50')],
      }),
      now,
    );
    assert.deepEqual(ids(findings), ['mail_delayed']);
    const finding = only(findings, 'mail_delayed');
    assert.equal(finding.action, 'wait');
    assert.equal(dutch(finding, now).finding, 'De e-mail van 11:50 wacht nog op verzending (3 pogingen).');
  });

  test('an e-mail queued two minutes ago without any try yet is delayed too; one just queued is not', () => {
    const story = (now: Date) =>
      diagnose(
        timeline({
          attempts: [attempt('a1', '11:50')],
          codes: [code('c1', 'a1', '11:50')],
          mails: [mail('m1', 'c1', '11:50', { state: 'queued', sentAt: null, smtpResponse: null, attempts: 0 })],
          events: [passwordOk('11:50')],
        }),
        now,
      );
    assert.deepEqual(ids(story(at('11:52'))), ['mail_delayed']);
    assert.deepEqual(ids(story(plus(at('11:50'), 0.5))), ['waiting_for_code']);
  });

  test('an e-mail sent late, and the code it carried run out before it was typed', () => {
    const now = at('12:10');
    const findings = diagnose(
      timeline({
        attempts: [attempt('a1', '11:50')],
        codes: [code('c1', 'a1', '11:50')],
        mails: [mail('m1', 'c1', '11:50', { sentAt: at('11:58'), attempts: 4 })],
        events: [passwordOk('11:50'), refused('12:03', 'expired', 'c1')],
      }),
      now,
    );
    assert.deepEqual(ids(findings), ['mail_delayed', 'code_expired_before_use']);
    const delayed = only(findings, 'mail_delayed');
    assert.equal(delayed.action, 'tell_patient');
    assert.equal(dutch(delayed, now).finding, 'De e-mail van 11:50 is pas om 11:58 verstuurd (4 pogingen).');
    const expired = only(findings, 'code_expired_before_use');
    assert.equal(expired.validMinutes, 10);
    assert.ok(dutch(expired, now).finding.startsWith('De code van 11:50 is verlopen voordat hij werd ingevuld'), dutch(expired, now).finding);
    assert.match(dutch(expired, now).finding, /tot 12:00.*om 12:03/);
  });

  test('a code that ran out before it was typed', () => {
    const now = at('12:05');
    const findings = diagnose(
      timeline({
        attempts: [attempt('a1', '11:50')],
        codes: [code('c1', 'a1', '11:50')],
        mails: [mail('m1', 'c1', '11:50')],
        events: [passwordOk('11:50'), refused('12:03', 'expired', 'c1')],
      }),
      now,
    );
    assert.deepEqual(ids(findings), ['code_expired_before_use']);
    assert.match(dutch(findings[0]!, now).fix, /10 minuten/);
  });
});

describe('diagnose: blocks', () => {
  test('ten wrong codes pause the code step: said with until when and after how many', () => {
    const now = at('13:55');
    const wrong = Array.from({ length: 10 }, (_, i) => refused(`13:${String(40 + i).padStart(2, '0')}`, i % 5 === 4 ? 'wrong_code_voided' : 'wrong_code', i < 5 ? 'c1' : 'c2', i + 1));
    const findings = diagnose(
      timeline({
        attempts: [attempt('a1', '13:39')],
        codes: [code('c1', 'a1', '13:39', 'voided', { endedAt: at('13:44'), wrongTries: 5 }), code('c2', 'a1', '13:45', 'voided', { endedAt: at('13:49'), wrongTries: 5 })],
        mails: [mail('m1', 'c1', '13:39'), mail('m2', 'c2', '13:45')],
        events: [passwordOk('13:39'), ...wrong, { kind: 'code_paused', at: at('13:49'), until: at('14:05'), wrongTries: 10 }],
        guard: { wrongCodeTries: 10, lastWrongCodeAt: at('13:49'), codePausedUntil: at('14:05') },
      }),
      now,
    );
    assert.deepEqual(ids(findings), ['code_paused'], 'the pause already says how many wrong codes');
    const finding = only(findings, 'code_paused');
    assert.equal(finding.action, 'lift_block');
    assert.equal(dutch(finding, now).finding, 'Het invullen van codes is gepauzeerd tot 14:05 na 10 verkeerde pogingen.');
    assert.match(dutch(finding, now).fix, /Blokkade opheffen/);
  });

  test('once the pause is over (or lifted) the wrong codes are still told', () => {
    const findings = diagnose(
      timeline({
        attempts: [attempt('a1', '13:39')],
        codes: [code('c1', 'a1', '13:39', 'voided', { endedAt: at('13:44'), wrongTries: 5 })],
        mails: [mail('m1', 'c1', '13:39')],
        events: [passwordOk('13:39'), refused('13:40', 'wrong_code', 'c1', 1), refused('13:44', 'wrong_code_voided', 'c1', 5)],
        guard: { wrongCodeTries: 0, lastWrongCodeAt: null, codePausedUntil: null },
      }),
      at('13:50'),
    );
    assert.deepEqual(ids(findings), ['wrong_codes']);
    const finding = only(findings, 'wrong_codes');
    assert.deepEqual([finding.count, finding.codeVoided, finding.lastAt], [2, true, at('13:44')]);
  });

  test('a password block names its end; the wrong passwords are not repeated', () => {
    const now = at('10:05');
    const findings = diagnose(
      timeline({
        events: ['10:00', '10:01', '10:01', '10:02', '10:02', '10:03'].map(passwordWrong),
        passwordThrottle: { failures: 6, windowStartedAt: at('10:00'), blockedUntil: at('10:07') },
      }),
      now,
    );
    assert.deepEqual(ids(findings), ['password_throttled']);
    assert.equal(dutch(findings[0]!, now).finding, 'Inloggen met het wachtwoord is geblokkeerd tot 10:07, na 6 keer een verkeerd wachtwoord.');
  });

  test('three wrong passwords without a block are mentioned; one is not', () => {
    const three = diagnose(timeline({ events: ['10:00', '10:01', '10:02'].map(passwordWrong) }), at('10:30'));
    assert.deepEqual(ids(three), ['wrong_password_many']);
    assert.equal(only(three, 'wrong_password_many').count, 3);
    const one = diagnose(timeline({ events: [passwordWrong('10:00')] }), at('10:30'));
    assert.deepEqual(ids(one), ['no_cause_found']);
  });

  test('ten code e-mails in an hour: from when a new one is possible', () => {
    const times = ['11:00', '11:05', '11:10', '11:15', '11:20', '11:25', '11:30', '11:35', '11:40', '11:45'];
    const attempts = times.map((time, i) => attempt(`a${i}`, time, i === times.length - 1 ? 'awaiting_code' : 'superseded', i === times.length - 1 ? null : times[i + 1]!));
    const codes = times.map((time, i) => code(`c${i}`, `a${i}`, time, i === times.length - 1 ? 'live' : 'superseded'));
    const findings = diagnose(
      timeline({ attempts, codes, mails: times.map((time, i) => mail(`m${i}`, `c${i}`, time)), events: times.map(passwordOk) }),
      at('11:50'),
    );
    const limit = only(findings, 'code_mail_limit');
    assert.deepEqual(limit.until, at('12:00'));
    assert.equal(ids(findings)[0], 'code_mail_limit');
  });
});

describe('diagnose: the account', () => {
  test('a deactivated account comes before everything else', () => {
    const story = olderCodeStory();
    const findings = diagnose(timeline({ ...story, account: { ...story.account, status: 'deactivated' } }), at('11:55'));
    assert.deepEqual(ids(findings), ['deactivated', 'older_code_used']);
    assert.equal(findings[0]!.action, 'reactivate');
  });

  test('never activated: when the last invitation went out', () => {
    const now = at('12:00');
    const findings = diagnose(
      timeline({
        account: { status: 'awaiting_activation', hasPassword: false, email: 'jan@example.nl' },
        mails: [mail('m1', null, '09:30', { kind: 'activation' })],
        events: [{ kind: 'account_created', at: at('09:30') }],
      }),
      now,
    );
    assert.deepEqual(ids(findings), ['never_activated']);
    const finding = only(findings, 'never_activated');
    assert.equal(finding.action, 'send_activation');
    assert.equal(finding.invitationState, 'sent');
    assert.match(dutch(finding, now).finding, /09:30/);
  });

  test('never activated without a recent invitation says so', () => {
    const finding = only(diagnose(timeline({ account: { status: 'awaiting_activation', hasPassword: false, email: 'x@example.nl' } }), at('12:00')), 'never_activated');
    assert.equal(finding.invitationAt, null);
    assert.match(dutch(finding, at('12:00')).finding, /geen uitnodiging/);
  });
});

describe('diagnose: other findings', () => {
  test('a password, a code e-mail that went out, and nothing typed until it ran out', () => {
    const now = at('12:30');
    const findings = diagnose(
      timeline({ attempts: [attempt('a1', '11:50')], codes: [code('c1', 'a1', '11:50')], mails: [mail('m1', 'c1', '11:50')], events: [passwordOk('11:50')] }),
      now,
    );
    assert.deepEqual(ids(findings), ['code_never_entered']);
    const text = dutch(findings[0]!, now);
    assert.equal(text.finding, 'De patiënt logde om 11:50 in, maar vulde geen code in. De code werkte tot 12:00.');
    assert.match(text.fix, /Ongewenste e-mail/);
  });

  test('while the code still works, the patient is waiting for it', () => {
    const findings = diagnose(
      timeline({ attempts: [attempt('a1', '11:50')], codes: [code('c1', 'a1', '11:50')], mails: [mail('m1', 'c1', '11:50')], events: [passwordOk('11:50')] }),
      at('11:53'),
    );
    assert.deepEqual(ids(findings), ['waiting_for_code']);
    assert.deepEqual(only(findings, 'waiting_for_code').validUntil, at('12:00'));
  });

  test('a code that was used already', () => {
    const findings = diagnose(
      timeline({
        attempts: [attempt('a1', '09:00', 'completed', '09:01'), attempt('a2', '11:50')],
        codes: [code('c1', 'a1', '09:00', 'used', { endedAt: at('09:01') }), code('c2', 'a2', '11:50')],
        mails: [mail('m1', 'c1', '09:00'), mail('m2', 'c2', '11:50')],
        events: [passwordOk('09:00'), accepted('09:01', 'c1'), passwordOk('11:50'), refused('11:51', 'used_code', 'c1')],
      }),
      at('11:52'),
    );
    assert.deepEqual(ids(findings), ['used_code_again']);
    assert.deepEqual(only(findings, 'used_code_again').usedAt, at('09:01'));
  });

  test('a mail that failed for another reason than a refusal is ours, not the patient\'s', () => {
    const findings = diagnose(
      timeline({
        attempts: [attempt('a1', '11:50')],
        codes: [code('c1', 'a1', '11:50')],
        mails: [mail('m1', 'c1', '11:50', { state: 'failed', sentAt: null, attempts: 12, lastError: 'connect ECONNREFUSED 127.0.0.1:25' })],
        events: [passwordOk('11:50')],
      }),
      at('12:30'),
    );
    assert.deepEqual(ids(findings), ['mail_failed']);
    assert.equal(findings[0]!.action, 'contact_support');
  });

  test('trouble before the last good login is history: all good since', () => {
    const story = olderCodeStory();
    const findings = diagnose(
      timeline({
        ...story,
        codes: [code('c1', 'a1', '11:50', 'superseded', { endedAt: at('11:52') }), code('c2', 'a2', '11:52', 'used', { endedAt: at('11:54') })],
        events: [...story.events, accepted('11:54', 'c2')],
      }),
      at('15:00'),
    );
    assert.deepEqual(ids(findings), ['all_good_recently']);
    assert.equal(dutch(findings[0]!, at('15:00')).finding, 'Het laatste inloggen is gelukt, om 11:54. Daarna ging er niets mis.');
    // On a later day the date is said too.
    assert.match(dutch(findings[0]!, at('09:00', '2026-11-28')).finding, /11:54 op 26 november 2026/);
  });

  test('nothing at all in the period', () => {
    const findings = diagnose(timeline(), at('12:00'));
    assert.deepEqual(ids(findings), ['no_recent_attempts']);
    assert.match(dutch(findings[0]!, at('12:00')).finding, /14 dagen/);
  });

  test('several causes at once come most important first', () => {
    const story = olderCodeStory();
    const findings = diagnose(
      timeline({
        ...story,
        mails: [...story.mails, mail('m3', 'c2', '11:52', { state: 'failed', sentAt: null, lastError: '550 5.2.2 mailbox full', repeat: true })],
        events: [
          ...story.events,
          ...['11:40', '11:41', '11:42'].map(passwordWrong),
          ...Array.from({ length: 10 }, (_, i) => refused(`11:${54 + Math.floor(i / 2)}`, 'wrong_code', 'c2', i + 1)),
        ],
        guard: { wrongCodeTries: 10, lastWrongCodeAt: at('11:58'), codePausedUntil: at('12:13') },
      }),
      at('12:00'),
    );
    assert.deepEqual(ids(findings), ['code_paused', 'mail_rejected', 'older_code_used', 'wrong_password_many']);
    assert.deepEqual(
      ids(findings),
      [...ids(findings)].sort((a, b) => FINDING_ORDER.indexOf(a) - FINDING_ORDER.indexOf(b)),
    );
  });
});

describe('the findings in words', () => {
  test('every finding has a sentence and a fix in Dutch and English', () => {
    for (const id of FINDING_ORDER) {
      for (const key of [`diagnosis.finding.${id}`, `diagnosis.fix.${id}`]) {
        assert.ok(key in nl, `nl ${key}`);
        assert.ok(key in en, `en ${key}`);
        assert.equal(typeof nl[key as MessageId], typeof en[key as MessageId], key);
      }
    }
  });
});

describe('timelineItems', () => {
  test('newest first; within one instant in the order things happened', () => {
    const items = timelineItems(olderCodeStory(), at('11:55'));
    assert.deepEqual(
      items.map((item) => [item.kind, item.at.toISOString()]),
      [
        ['code_refused', at('11:53').toISOString()],
        ['mail', at('11:52').toISOString()],
        ['code_made', at('11:52').toISOString()],
        ['code_superseded', at('11:52').toISOString()],
        ['password_accepted', at('11:52').toISOString()],
        ['mail', at('11:50').toISOString()],
        ['code_made', at('11:50').toISOString()],
        ['password_accepted', at('11:50').toISOString()],
      ],
    );
    const refusal = items[0]!;
    assert.ok(refusal.kind === 'code_refused' && refusal.codeAt?.getTime() === at('11:50').getTime(), 'the older code is named by its time');
  });

  test('a code that ran out, a code asked for again, and a sign-in that expired', () => {
    const story = timeline({
      attempts: [attempt('a1', '11:00')],
      codes: [code('c1', 'a1', '11:00', 'superseded', { endedAt: at('11:05') }), code('c2', 'a1', '11:05')],
      mails: [mail('m1', 'c1', '11:00'), mail('m2', 'c2', '11:05', { repeat: false })],
      events: [passwordOk('11:00')],
    });
    const items = timelineItems(story, at('12:30'));
    const kinds = items.map((item) => item.kind);
    assert.equal(kinds[0], 'attempt_expired');
    assert.ok(kinds.includes('code_expired'));
    const made = items.filter((item) => item.kind === 'code_made');
    assert.deepEqual(
      made.map((item) => item.kind === 'code_made' && item.onRequest),
      [true, false],
    );
    assert.equal(items.find((item) => item.kind === 'code_expired')!.tone, 'bad');
  });
});
