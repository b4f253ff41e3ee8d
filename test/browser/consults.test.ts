/**
 * The e-consult story of issue 7 in a real browser (Debian's Chromium through playwright-core):
 * a patient asks the practice a question on a phone-sized screen, an assistant answers it in the
 * console, the patient gets a mail that says only that there is news, reads the answer, and the
 * "Nieuw antwoord" marker goes away. axe checks every new page; screenshots at phone and desktop
 * width land in test-artifacts/screenshots/.
 *
 * Controls are found only by label, role and name; messages by their `data-message-id`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ManualClock, PATIENT, mailSettled, seedPatient, serviceDeps } from '../support/portal.ts';
import { DESKTOP, MOBILE, checkPage, expectMessage, message, submitCode, useBrowserPortal } from '../support/browser.ts';
import { createAccount } from '../../src/accounts/account.service.ts';

const START = '2026-11-26T10:50:00Z'; // 11:50 in Amsterdam
const ASSISTANT = { name: 'Sanne Bakker', username: 'sanne', email: 'sanne@de-linde.example', password: 'assistent-wachtwoord-lang' } as const;
const SUBJECT = 'Vraag over mijn bloeddrukpillen';
const QUESTION = 'Sinds ik de amlodipine gebruik, word ik duizelig als ik opsta.\nMag ik de pil beter \'s avonds innemen?';
const ANSWER = 'Dat mag. Neem de amlodipine voortaan voor het slapen in. Blijft u duizelig, maak dan een afspraak.';

describe('e-consult: a patient asks, an assistant answers, the patient reads', () => {
  const clock = new ManualClock(START);
  const suite = useBrowserPortal({ clock });
  const { newPage, passwordStep } = suite;
  const problems: string[] = [];

  async function check(page: Page, name: string): Promise<void> {
    problems.push(...(await checkPage(page, name, `e-consult-${name}`)));
  }

  /** The same page once more at desktop width, for a look (and axe) at the wide layout. */
  async function checkDesktop(page: Page, name: string): Promise<void> {
    await page.setViewportSize(DESKTOP);
    await check(page, `${name}-desktop`);
    await page.setViewportSize(MOBILE);
  }

  test('ask → answer in the console → news mail without content → read, marker gone', async () => {
    const patientAccount = await seedPatient(suite.portal);
    await createAccount(serviceDeps(suite.portal), { kind: 'staff', role: 'assistant', practiceSlug: 'de-linde', ...ASSISTANT });
    await suite.portal.database.db
      .updateTable('practices')
      .set({ consults_enabled: true, phone: '020 123 45 67' })
      .where('id', '=', patientAccount.practiceId!)
      .execute();

    // The patient, on a phone.
    const patient = await newPage({ viewport: MOBILE });
    await submitCode(patient, await passwordStep(patient, '/inloggen', PATIENT));
    await patient.waitForURL('**/start');
    await patient.getByRole('link', { name: 'E-consult', exact: true }).click();
    await patient.getByRole('heading', { name: 'E-consult', exact: true, level: 1 }).waitFor();
    await expectMessage(patient, 'consults.none');
    await expectMessage(patient, 'consults.answerTime');
    assert.match(await patient.getByRole('region', { name: 'Niet voor spoed.' }).innerText(), /Bel 112[\s\S]*020 123 45 67/);
    await check(patient, 'patient-leeg');

    // A question without a subject: named at the top and at the field; the text stays.
    await patient.getByLabel('Uw vraag', { exact: true }).fill(QUESTION);
    await patient.getByRole('button', { name: 'Vraag versturen', exact: true }).click();
    await expectMessage(patient, 'consults.error.subjectEmpty');
    assert.equal(await patient.getByLabel('Uw vraag', { exact: true }).inputValue(), QUESTION);
    await check(patient, 'patient-fout');

    await patient.getByLabel('Onderwerp', { exact: true }).fill(SUBJECT);
    assert.equal(await patient.getByLabel('Onderwerp', { exact: true }).getAttribute('maxlength'), '100');
    await patient.getByRole('button', { name: 'Vraag versturen', exact: true }).click();
    await expectMessage(patient, 'consults.asked');
    await patient.getByRole('heading', { name: SUBJECT, exact: true, level: 1 }).waitFor();
    // The title stays in the browser's history: the date, not the subject.
    assert.equal(await patient.title(), 'E-consult – vraag van 26 november 2026 – Praktijkportaal');
    assert.match(await patient.locator('[data-author="patient"]').innerText(), /^U – 26 november 2026 om 11:50 uur/);
    await check(patient, 'patient-vraag');

    // The assistant, in the console.
    clock.advanceSeconds(10 * 60);
    const assistant = await newPage();
    await submitCode(assistant, await passwordStep(assistant, '/praktijk', ASSISTANT));
    await assistant.waitForURL('**/praktijk/console');
    await assistant.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'E-consulten', exact: true }).click();
    await assistant.getByRole('heading', { name: 'E-consulten', exact: true, level: 1 }).waitFor();
    const row = assistant.getByRole('row').filter({ hasText: SUBJECT });
    assert.match(await row.innerText(), /Jan de Vries[\s\S]*Wacht op antwoord[\s\S]*26 november 2026 om 11:50 uur/);
    await check(assistant, 'wachtrij');
    await row.getByRole('link', { name: SUBJECT, exact: true }).click();
    await assistant.getByRole('heading', { name: SUBJECT, exact: true, level: 1 }).waitFor();
    assert.equal(await assistant.title(), 'E-consult – vraag van 26 november 2026 – Praktijkportaal');
    assert.match(await assistant.locator('[data-author="patient"]').innerText(), /Jan de Vries, patiënt[\s\S]*duizelig/);
    await check(assistant, 'console-vraag');

    const mailsBefore = suite.portal.mailsTo(PATIENT.email).length;
    await assistant.getByLabel('Uw antwoord', { exact: true }).fill(ANSWER);
    await assistant.getByRole('button', { name: 'Antwoord versturen', exact: true }).click();
    await expectMessage(assistant, 'consults.answered');
    assert.match(await assistant.locator('[data-author="staff"]').innerText(), /Sanne Bakker, assistent – 26 november 2026 om 12:00 uur/);
    await check(assistant, 'console-beantwoord');

    // The mail says only that there is news.
    const mail = await suite.portal.nextMail(PATIENT.email, { after: mailsBefore });
    await mailSettled(suite.portal);
    for (const secret of ['bloeddruk', 'amlodipine', 'duizelig', 'Sanne', 'slapen', 'e-consult', 'vraag']) {
      assert.ok(!`${mail.subject}\n${mail.text}\n${mail.html ?? ''}`.toLowerCase().includes(secret.toLowerCase()), `the mail does not mention "${secret}"`);
    }
    assert.ok(mail.text.includes(`${suite.baseUrl}/`), 'it links to the portal');

    // The patient reads the answer; the marker goes away.
    clock.advanceSeconds(3 * 60);
    await patient.goto('/start');
    await expectMessage(patient, 'consults.home.unread');
    await patient.getByRole('link', { name: 'E-consult', exact: true }).click();
    const item = patient.getByRole('listitem').filter({ hasText: SUBJECT });
    assert.match(await item.innerText(), /Beantwoord[\s\S]*Nieuw antwoord/);
    await check(patient, 'patient-nieuw-antwoord');
    await item.getByRole('link', { name: SUBJECT, exact: true }).click();
    await patient.getByRole('heading', { name: SUBJECT, exact: true, level: 1 }).waitFor();
    const answerShown = patient.locator('[data-author="staff"]');
    assert.match(await answerShown.innerText(), /Sanne Bakker, assistent – 26 november 2026 om 12:00 uur[\s\S]*Nieuw[\s\S]*voor het slapen/);
    await patient.getByLabel('Uw bericht', { exact: true }).waitFor();
    await check(patient, 'patient-antwoord');
    await checkDesktop(patient, 'patient-antwoord');

    await patient.getByRole('link', { name: 'Terug naar uw vragen', exact: true }).click();
    await patient.getByRole('heading', { name: 'E-consult', exact: true, level: 1 }).waitFor();
    assert.equal(await message(patient, 'consults.newAnswer').count(), 0, 'the marker is gone');
    await checkDesktop(patient, 'patient-gelezen');
    await patient.goto('/start');
    assert.equal(await message(patient, 'consults.home.unread').count(), 0);

    if (problems.length > 0) console.log(`axe violations:\n${problems.join('\n')}`);
    assert.deepEqual(problems, []);
  });
});
