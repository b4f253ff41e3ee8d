import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMail } from '../../src/mail/templates.tsx';

const params = {
  locale: 'nl',
  practiceName: 'Huisartsenpraktijk <De Linde>',
  codeCreatedAt: '2026-11-26T10:50:00.000Z',
  expiresAt: '2026-11-26T11:00:00.000Z',
  ttlMinutes: 10,
  repeat: false,
  replacesOlder: true,
};

describe('session code e-mail', () => {
  test('subject and text carry the Amsterdam time; the text holds the code once', () => {
    const mail = renderMail('session_code', params, { code: '042137' });
    assert.match(mail.subject, /11:50/);
    assert.match(mail.subject, /De Linde/);
    assert.match(mail.text, /11:50/);
    assert.deepEqual(mail.text.match(/\b\d{6}\b/g), ['042137']);
    assert.match(mail.text, /12:00/, 'valid until');
    assert.match(mail.text, /Oudere sessiecodes werken niet meer/);
  });
  test('a repeat says it is the same code', () => {
    const mail = renderMail('session_code', { ...params, repeat: true }, { code: '042137' });
    assert.match(mail.text, /dezelfde code/);
  });
  test('HTML escapes what it shows', () => {
    const mail = renderMail('session_code', params, { code: '042137' });
    assert.ok(mail.html.includes('&lt;De Linde'));
    assert.ok(!mail.html.includes('<De Linde>'));
  });
  test('English when the patient used English', () => {
    const mail = renderMail('session_code', { ...params, locale: 'en' }, { code: '042137' });
    assert.match(mail.subject, /Your session code of 11:50/);
  });
  test('summer time is respected', () => {
    const mail = renderMail('session_code', { ...params, codeCreatedAt: '2026-07-01T09:50:00.000Z' }, { code: '042137' });
    assert.match(mail.subject, /11:50/);
  });
  test('refuses to render without a six-digit code', () => {
    assert.throws(() => renderMail('session_code', params, {}));
  });
});

describe('link e-mails', () => {
  test('the plain text holds exactly one link', () => {
    const mail = renderMail('activation', { locale: 'nl', practiceName: 'De Linde', username: 'jan' }, { link: 'http://localhost:3000/activeren/abc' });
    assert.equal(mail.text.match(/https?:\/\/\S+/g)?.length, 1);
    assert.match(mail.text, /jan/);
  });
});

describe('news in the portal e-mail', () => {
  test('says only that there is news, with the login link and the practice; both languages', () => {
    const nl = renderMail('portal_news', { locale: 'nl', practiceName: 'Huisartsenpraktijk De Linde' }, { loginLink: 'https://portaal.example/inloggen' });
    assert.match(nl.subject, /nieuws/i);
    assert.match(nl.subject, /De Linde/);
    assert.ok(nl.text.includes('https://portaal.example/inloggen'));
    assert.ok(nl.html.includes('href="https://portaal.example/inloggen"'));
    assert.match(nl.text, /bewust niet waar het over gaat/);
    const en = renderMail('portal_news', { locale: 'en', practiceName: 'De Linde' }, { loginLink: 'https://portaal.example/inloggen' });
    assert.match(en.subject, /news for you/);
  });
  test('refuses to render without the login link', () => {
    assert.throws(() => renderMail('portal_news', { locale: 'nl' }, {}));
  });
});

describe('e-mail change', () => {
  const codeParams = {
    locale: 'nl',
    practiceName: 'Huisartsenpraktijk <De Linde>',
    codeCreatedAt: '2026-11-26T10:52:00.000Z',
    expiresAt: '2026-11-26T11:02:00.000Z',
    ttlMinutes: 10,
  };
  const noticeParams = { locale: 'nl', practiceName: 'Huisartsenpraktijk <De Linde>', changedAt: '2026-11-26T10:53:00.000Z', newEmailMasked: 'j***@example.org' };

  test('the code e-mail: the time in the subject, the code once in the text, what to do if it was not you', () => {
    const mail = renderMail('email_change_code', codeParams, { code: '004217' });
    assert.match(mail.subject, /Sessiecode voor uw nieuwe e-mailadres, 11:52 uur – Huisartsenpraktijk <De Linde>/);
    assert.deepEqual(mail.text.match(/\b\d{6}\b/g), ['004217']);
    assert.match(mail.text, /tot 12:02 uur/);
    assert.match(mail.text, /Heeft u dit niet zelf gevraagd\? Dan hoeft u niets te doen/);
    assert.ok(mail.html.includes('004217'));
    assert.ok(mail.html.includes('&lt;De Linde') && !mail.html.includes('<De Linde>'), 'the HTML escapes the practice name');
    assert.throws(() => renderMail('email_change_code', codeParams, {}), /six-digit code/);
  });

  test('the notice to the old address: when, to what (masked), and to call the practice; no link, no code', () => {
    const mail = renderMail('email_changed', noticeParams, {});
    assert.match(mail.subject, /Uw e-mailadres is gewijzigd – Huisartsenpraktijk <De Linde>/);
    assert.match(mail.text, /op 26 november 2026 om 11:53 uur gewijzigd in j\*\*\*@example\.org/);
    assert.match(mail.text, /Was dit u niet\? Neem dan meteen contact op met uw praktijk/);
    assert.doesNotMatch(mail.text, /https?:\/\//);
    assert.doesNotMatch(mail.text, /\b\d{6}\b/);
    assert.ok(mail.html.includes('Was dit u niet?'));
  });

  test('both in English when the patient used English', () => {
    assert.match(renderMail('email_change_code', { ...codeParams, locale: 'en' }, { code: '004217' }).subject, /Session code for your new e-mail address, 11:52/);
    const notice = renderMail('email_changed', { ...noticeParams, locale: 'en' }, {});
    assert.match(notice.subject, /Your e-mail address has been changed/);
    assert.match(notice.text, /Was this not you\? Then contact your practice at once/);
  });
});
