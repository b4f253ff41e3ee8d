/**
 * The "Done when" of the patient-accounts issue, in a real browser (Debian's Chromium through
 * playwright-core): a patient made with `praktijkportaal patient add` without a password
 * activates from the e-mail in the development mailbox, logs in with a session code, changes
 * their e-mail address (a code to the new address, a notice to the old one) and their password,
 * sees their sign-ins, logs out, and recovers a forgotten password. axe checks the pages on the
 * way; the new pages are also looked at on a phone-sized screen.
 *
 * The patient is made by the real CLI in a child process when TEST_DATABASE_URL is set, and
 * through the CLI's own command function on the in-memory PGlite (see test/support/admin-cli.ts).
 * Controls are found only by label, role and name; messages by their `data-message-id`.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ManualClock, codeFrom, mailSettled } from '../support/portal.ts';
import { openTestDatabase } from '../support/database.ts';
import { adminCommand } from '../support/admin-cli.ts';
import { MOBILE, checkPage, expectMessage, message, screenshot, submitCode, useBrowserPortal } from '../support/browser.ts';

const START = '2026-11-26T10:50:00Z'; // 11:50 in Amsterdam
const PRACTICE = { name: 'Huisartsenpraktijk De Linde', slug: 'de-linde' } as const;
const PATIENT = { name: 'Noor Jansen', username: 'noorjansen', email: 'noor@example.nl' } as const;
const NEW_EMAIL = 'noor.jansen@example.org';
const FIRST_PASSWORD = 'mijn fiets staat bij het station';
const SECOND_PASSWORD = 'de kat slaapt op de vensterbank';
const THIRD_PASSWORD = 'zomer aan zee met opa en oma';

/** The one link in an e-mail's plain text; it must lead to this portal. */
function linkIn(text: string, baseUrl: string): string {
  const links = text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
  assert.equal(links.length, 1, `exactly one link in the e-mail, found ${JSON.stringify(links)}`);
  assert.ok(links[0]!.startsWith(baseUrl), `the link leads to this portal: ${links[0]}`);
  return links[0]!;
}

describe('a patient made with the CLI, from activation to a recovered password', () => {
  const clock = new ManualClock(START);
  const workDir = mkdtempSync(join(tmpdir(), 'pp-account-life-'));
  const suite = useBrowserPortal({
    clock,
    database: async () => (process.env['TEST_DATABASE_URL'] ? openTestDatabase('postgres') : undefined),
  });
  const { newPage, passwordStep } = suite;
  const problems: string[] = [];

  after(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  /** Screenshot, then axe; serious and critical violations are collected and asserted at the end. */
  async function check(page: Page, name: string): Promise<void> {
    problems.push(...(await checkPage(page, name, `account-${name}`)));
  }

  /** The same page at a phone's width: a screenshot, and nothing sticks out sideways. */
  async function checkOnPhone(page: Page, name: string): Promise<void> {
    const desktop = page.viewportSize();
    await page.setViewportSize(MOBILE);
    await screenshot(page, `account-${name}-mobiel`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no horizontal scrolling at ${MOBILE.width}px (overflow ${overflow}px)`);
    problems.push(...(await checkPage(page, `${name}-mobiel`, `account-${name}-mobiel`)));
    if (desktop !== null) await page.setViewportSize(desktop);
  }

  /** Waits until the e-mail is recorded as sent, then reloads, so the page shows the settled state. */
  async function reloadWhenSent(page: Page): Promise<void> {
    await mailSettled(suite.portal);
    await page.reload();
  }

  test('patient add → activation → code → new e-mail address → new password → sign-ins → logout → Wachtwoord vergeten?', async () => {
    const cli = (argv: string[]) => adminCommand(suite.portal, join(workDir, 'data'), argv);
    await cli(['practice', 'add', '--name', PRACTICE.name, '--slug', PRACTICE.slug]);
    const made = await cli(['patient', 'add', '--practice', PRACTICE.slug, '--name', PATIENT.name, '--email', PATIENT.email, '--username', PATIENT.username]);
    const account = made['account'] as Record<string, unknown>;
    assert.deepEqual([account['kind'], account['status'], made['activation']], ['patient', 'awaiting_activation', 'queued']);

    // The activation e-mail, from the development mailbox.
    const invitation = await suite.portal.nextMail(PATIENT.email, { after: 0 });
    await mailSettled(suite.portal);
    assert.match(invitation.subject, /Uw account bij Huisartsenpraktijk De Linde/);
    assert.match(invitation.text, /Uw gebruikersnaam is: noorjansen/);
    const activation = linkIn(invitation.text, suite.baseUrl);

    const page = await newPage();
    await page.goto(activation);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(FIRST_PASSWORD);
    await check(page, 'activeren');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.waitForURL(/\/inloggen\?melding=wachtwoord/);
    await expectMessage(page, 'password.saved');

    // The normal login, session code included.
    clock.advanceSeconds(60);
    const firstCode = await passwordStep(page, '/inloggen', { username: PATIENT.username, password: FIRST_PASSWORD, email: PATIENT.email });
    await submitCode(page, firstCode);
    await page.waitForURL('**/start');
    await page.getByRole('link', { name: 'Mijn account', exact: true }).click();
    await page.waitForURL('**/account');
    await page.getByRole('heading', { name: 'Mijn account', exact: true, level: 1 }).waitFor();
    const emailForm = page.getByRole('form', { name: 'E-mailadres wijzigen' });
    assert.match(await message(page, 'account.email.current').innerText(), /noor@example\.nl/);
    await check(page, 'mijn-account');
    await checkOnPhone(page, 'mijn-account');

    // A typo first: the address is refused, nothing is sent.
    await emailForm.getByLabel('Nieuw e-mailadres', { exact: true }).fill('noor.jansen@example');
    await emailForm.getByLabel('Huidig wachtwoord', { exact: true }).fill(FIRST_PASSWORD);
    await emailForm.getByRole('button', { name: 'Sessiecode sturen', exact: true }).click();
    await expectMessage(page, 'account.email.error.invalid');
    const errorBox = await message(page, 'account.email.error.invalid').boundingBox();
    assert.ok(errorBox !== null && errorBox.y >= 0 && errorBox.y < (page.viewportSize()?.height ?? 0), `the page opens at the error, not at the top (${JSON.stringify(errorBox)})`);
    const newEmailField = emailForm.getByLabel('Nieuw e-mailadres', { exact: true });
    assert.equal(await newEmailField.getAttribute('aria-invalid'), 'true');
    assert.equal(await newEmailField.inputValue(), 'noor.jansen@example', 'what was typed stays');
    assert.equal(await page.getByRole('alert').filter({ hasText: 'Dit e-mailadres klopt niet' }).count(), 1);
    await check(page, 'e-mailadres-fout');

    // The right address: a session code goes to it.
    clock.advanceSeconds(60);
    const before = suite.portal.mailsTo(NEW_EMAIL).length;
    await newEmailField.fill(NEW_EMAIL);
    await emailForm.getByLabel('Huidig wachtwoord', { exact: true }).fill(FIRST_PASSWORD);
    await emailForm.getByRole('button', { name: 'Sessiecode sturen', exact: true }).click();
    await page.waitForURL(/\/account\/e-mailadres\/sessiecode(#.*)?$/);
    const codeMail = await suite.portal.nextMail(NEW_EMAIL, { after: before });
    assert.match(codeMail.subject, /11:52/);
    await reloadWhenSent(page);
    await page.getByRole('heading', { name: 'Nieuw e-mailadres bevestigen', exact: true, level: 1 }).waitFor();
    assert.match(await message(page, 'account.email.confirm.sentAt').innerText(), /om 11:52 uur .* naar noor\.jansen@example\.org/);
    await expectMessage(page, 'code.delivery.sent');
    await check(page, 'e-mailadres-sessiecode');
    await checkOnPhone(page, 'e-mailadres-sessiecode');

    // Seven digits: explained, and the real code still works.
    const newAddressCode = codeFrom(codeMail);
    await submitCode(page, `${newAddressCode}7`);
    await expectMessage(page, 'code.error.tooManyDigits');
    const codeField = page.getByLabel('Sessiecode', { exact: true });
    assert.equal(await codeField.getAttribute('aria-invalid'), 'true');
    assert.ok(((await codeField.getAttribute('aria-describedby')) ?? '').split(' ').includes('sessiecode-fout'));
    await check(page, 'e-mailadres-sessiecode-fout');
    const oldMailsBefore = suite.portal.mailsTo(PATIENT.email).length;
    await submitCode(page, newAddressCode);
    await page.waitForURL(/\/account\?melding=e-mailadres/);
    await expectMessage(page, 'account.email.changed');
    assert.match(await message(page, 'account.email.current').innerText(), /noor\.jansen@example\.org/);
    await check(page, 'e-mailadres-gewijzigd');

    // The old address is told.
    const notice = await suite.portal.nextMail(PATIENT.email, { after: oldMailsBefore });
    assert.match(notice.subject, /Uw e-mailadres is gewijzigd – Huisartsenpraktijk De Linde/);
    assert.match(notice.text, /n\*\*\*@example\.org/);
    assert.match(notice.text, /Was dit u niet\?/);

    // A new password; the notice goes to the new address now.
    clock.advanceSeconds(60);
    const passwordForm = page.getByRole('form', { name: 'Wachtwoord wijzigen' });
    const newAddressBefore = suite.portal.mailsTo(NEW_EMAIL).length;
    await passwordForm.getByLabel('Huidig wachtwoord', { exact: true }).fill(FIRST_PASSWORD);
    await passwordForm.getByLabel('Nieuw wachtwoord', { exact: true }).fill(SECOND_PASSWORD);
    await passwordForm.getByRole('button', { name: 'Wachtwoord wijzigen', exact: true }).click();
    await page.waitForURL(/\/account\?melding=wachtwoord/);
    await expectMessage(page, 'account.password.changed');
    const passwordNotice = await suite.portal.nextMail(NEW_EMAIL, { after: newAddressBefore });
    assert.match(passwordNotice.subject, /Uw wachtwoord is gewijzigd/);

    // The sign-ins: the login of 11:51 is listed, with its browser.
    const signIns = page.getByRole('region', { name: 'Recent ingelogd' }).getByRole('table');
    const accepted = signIns.getByRole('row').filter({ has: message(page, 'account.outcome.sign_in.code_accepted') });
    assert.equal(await accepted.count(), 1);
    assert.match(await accepted.innerText(), /26-11-2026 11:51[\s\S]*Chrome/);

    // Log out.
    await page.getByRole('button', { name: 'Uitloggen', exact: true }).click();
    await page.waitForURL(/\/inloggen/);
    await expectMessage(page, 'login.notice.loggedOut');

    // Forgotten: the recovery link goes to the new address.
    clock.advanceSeconds(60);
    await page.getByRole('link', { name: 'Wachtwoord vergeten?', exact: true }).click();
    await page.getByLabel('Gebruikersnaam of e-mailadres', { exact: true }).fill(NEW_EMAIL);
    const recoveryBefore = suite.portal.mailsTo(NEW_EMAIL).length;
    await page.getByRole('button', { name: 'Verstuur', exact: true }).click();
    await expectMessage(page, 'forgot.sent');
    await check(page, 'wachtwoord-vergeten-verstuurd');
    const recovery = await suite.portal.nextMail(NEW_EMAIL, { after: recoveryBefore });
    await mailSettled(suite.portal);
    assert.equal(suite.portal.mailsTo(PATIENT.email).filter((mail) => /Nieuw wachtwoord/.test(mail.subject)).length, 0, 'nothing to the old address');
    await page.goto(linkIn(recovery.text, suite.baseUrl));
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(THIRD_PASSWORD);
    await check(page, 'wachtwoord-herstellen');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.waitForURL(/\/inloggen\?melding=wachtwoord/);

    // The old password no longer works; the new one does, with the code at the new address.
    await page.getByLabel('Gebruikersnaam', { exact: true }).fill(PATIENT.username);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(SECOND_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await expectMessage(page, 'login.error.invalid');
    clock.advanceSeconds(60);
    const lastCode = await passwordStep(page, '/inloggen', { username: PATIENT.username, password: THIRD_PASSWORD, email: NEW_EMAIL });
    await submitCode(page, lastCode);
    await page.waitForURL('**/start');
    await page.getByRole('button', { name: 'Uitloggen', exact: true }).waitFor();

    if (problems.length > 0) console.log(`axe violations:\n${problems.join('\n')}`);
    assert.deepEqual(problems, []);
  });

  test('without JavaScript the e-mail change works too', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const email = 'zonder.script@example.nl';
    const cli = (argv: string[]) => adminCommand(suite.portal, join(workDir, 'data'), argv);
    await cli(['practice', 'add', '--name', 'Huisartsen De Es', '--slug', 'de-es']);
    await cli([
      'patient', 'add', '--practice', 'de-es', '--name', 'Sem de Boer', '--email', 'sem@example.nl', '--username', 'semdeboer', '--password', FIRST_PASSWORD,
    ]);
    const code = await passwordStep(page, '/inloggen', { username: 'semdeboer', password: FIRST_PASSWORD, email: 'sem@example.nl' });
    await submitCode(page, code);
    await page.waitForURL('**/start');
    await page.goto('/account');
    const emailForm = page.getByRole('form', { name: 'E-mailadres wijzigen' });
    await emailForm.getByLabel('Nieuw e-mailadres', { exact: true }).fill(email);
    await emailForm.getByLabel('Huidig wachtwoord', { exact: true }).fill(FIRST_PASSWORD);
    await emailForm.getByRole('button', { name: 'Sessiecode sturen', exact: true }).click();
    await page.waitForURL(/\/account\/e-mailadres\/sessiecode(#.*)?$/);
    const mail = await suite.portal.nextMail(email, { after: 0 });
    await submitCode(page, codeFrom(mail));
    await page.waitForURL(/\/account\?melding=e-mailadres/);
    await expectMessage(page, 'account.email.changed');
    await suite.portal.nextMail('sem@example.nl', { after: 1 });
  });
});
