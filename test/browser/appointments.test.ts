/**
 * "Afspraak maken" in a real browser (Debian's Chromium through playwright-core): an assistant
 * publishes times for the doctor (first with a mistake), the patient books one from the home
 * page, sees it, cancels it, books another; the assistant cancels that one and the patient gets
 * the content-free mail. axe checks every new page; screenshots at desktop and phone width.
 *
 * Controls are found only by label, role and name; messages by their `data-message-id`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ManualClock, mailSettled, serviceDeps } from '../support/portal.ts';
import { MOBILE, checkPage, expectMessage, submitCode, useBrowserPortal } from '../support/browser.ts';
import { createAccount, createPractice } from '../../src/accounts/account.service.ts';

const START = '2026-11-26T10:50:00Z'; // Thursday 11:50 in Amsterdam
const ASSISTANT = { name: 'Sanne Bakker', username: 'sanne', email: 'sanne@de-linde.example', password: 'assistent-wachtwoord-lang' } as const;
const DOCTOR = { name: 'Dokter Jansen', username: 'jansen', email: 'jansen@de-linde.example', password: 'dokter-wachtwoord-lang' } as const;
const PATIENT = { name: 'Jan de Vries', username: 'jan', email: 'jan@example.nl', password: 'correct-horse-battery' } as const;

describe('a patient books and cancels an appointment the practice published', () => {
  const clock = new ManualClock(START);
  const suite = useBrowserPortal({ clock });
  const { newPage, passwordStep } = suite;
  const problems: string[] = [];

  async function check(page: Page, name: string): Promise<void> {
    problems.push(...(await checkPage(page, name, `appointments-${name}`)));
  }

  test('publish → book → cancel → book → cancelled by the practice', async () => {
    const deps = serviceDeps(suite.portal);
    const practice = await createPractice(deps, { name: 'Huisartsenpraktijk De Linde', slug: 'de-linde' });
    await suite.portal.database.db.updateTable('practices').set({ appointments_enabled: true, cancel_window_hours: 24, phone: '020 123 45 67' }).where('id', '=', practice.id).execute();
    await createAccount(deps, { kind: 'staff', role: 'assistant', practiceSlug: 'de-linde', ...ASSISTANT });
    await createAccount(deps, { kind: 'staff', role: 'doctor', practiceSlug: 'de-linde', ...DOCTOR });
    await createAccount(deps, { kind: 'patient', practiceSlug: 'de-linde', ...PATIENT });

    // The assistant logs in and opens Afspraken.
    const staff = await newPage();
    await submitCode(staff, await passwordStep(staff, '/praktijk', ASSISTANT));
    await staff.waitForURL('**/praktijk/console');
    await staff.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Afspraken', exact: true }).click();
    await staff.getByRole('heading', { name: 'Afspraken op donderdag 26 november', exact: true, level: 1 }).waitFor();
    await expectMessage(staff, 'appointments.console.noSlots');
    await check(staff, 'console-leeg');

    // A mistake first: the end before the start. The error is named and what was typed stays.
    const publish = async (from: string, to: string) => {
      await staff.getByLabel('Arts', { exact: true }).selectOption({ label: DOCTOR.name });
      await staff.getByLabel('Datum van de nieuwe tijden', { exact: true }).fill('2026-11-30');
      await staff.getByLabel('Van', { exact: true }).fill(from);
      await staff.getByLabel('Tot', { exact: true }).fill(to);
      await staff.getByLabel('Lengte van elke afspraak', { exact: true }).selectOption({ label: '15 minuten' });
      await staff.getByRole('button', { name: 'Tijden vrijgeven', exact: true }).click();
    };
    await publish('10:00', '08:30');
    await expectMessage(staff, 'appointments.error.order');
    assert.equal(await staff.getByLabel('Van', { exact: true }).inputValue(), '10:00');
    await check(staff, 'console-fout');

    // The right times: 08:30 to 10:00, six times of 15 minutes on Monday 30 November.
    await publish('08:30', '10:00');
    await expectMessage(staff, 'appointments.console.notice.published');
    await staff.getByRole('heading', { name: 'Afspraken op maandag 30 november', exact: true, level: 1 }).waitFor();
    const table = staff.getByRole('table', { name: `Tijden van ${DOCTOR.name}` });
    assert.equal(await table.getByRole('row').count(), 1 + 6);
    assert.equal(await staff.getByRole('button', { name: /^Intrekken/ }).count(), 6);
    await check(staff, 'console-dag');

    // The patient logs in; the home page offers "Afspraak maken".
    const patient = await newPage();
    await submitCode(patient, await passwordStep(patient, '/inloggen', PATIENT));
    await patient.waitForURL('**/start');
    await patient.getByRole('link', { name: 'Afspraak maken', exact: true }).click();
    await patient.getByRole('heading', { name: 'Uw afspraken', exact: true, level: 1 }).waitFor();
    await expectMessage(patient, 'appointments.none');
    await check(patient, 'patient-leeg');

    // Choose 08:45 with Dokter Jansen; confirm with a short reason.
    await patient.getByRole('link', { name: 'Afspraak maken', exact: true }).click();
    await patient.getByRole('heading', { name: 'Afspraak maken', exact: true, level: 1 }).waitFor();
    await patient.getByRole('heading', { name: 'maandag 30 november', exact: true, level: 2 }).waitFor();
    await check(patient, 'kiezen');
    await patient.getByRole('button', { name: '08:45 uur, maandag 30 november, bij Dokter Jansen', exact: true }).click();
    await patient.getByRole('heading', { name: 'Afspraak controleren', exact: true, level: 1 }).waitFor();
    await patient.getByLabel('Waarvoor komt u? (niet verplicht)', { exact: true }).fill('Controle bloeddruk');
    await check(patient, 'bevestigen');
    await patient.getByRole('button', { name: 'Afspraak maken', exact: true }).click();
    await expectMessage(patient, 'appointments.notice.booked');
    assert.match(await patient.locator('.appointment').first().innerText(), /maandag 30 november om 08:45 uur[\s\S]*Bij Dokter Jansen[\s\S]*Controle bloeddruk/);
    await expectMessage(patient, 'appointments.cancelUntil');
    await check(patient, 'gemaakt');

    // The assistant sees the booking in the day view.
    await staff.reload();
    assert.match(await table.getByRole('row').filter({ hasText: '08:45–09:00' }).innerText(), /Geboekt[\s\S]*Jan de Vries/);

    // The patient cancels it: a confirm step, then the slot is free again.
    await patient.getByRole('button', { name: 'Afzeggen: maandag 30 november om 08:45 uur', exact: true }).click();
    await patient.getByRole('heading', { name: 'Afspraak afzeggen', exact: true, level: 1 }).waitFor();
    await check(patient, 'afzeggen');
    await patient.getByRole('button', { name: 'Ja, afzeggen', exact: true }).click();
    await expectMessage(patient, 'appointments.notice.cancelled');
    await expectMessage(patient, 'appointments.none');

    // On a phone: choose 09:00 (08:45 is offered again), then book it.
    const phone = await newPage({ viewport: MOBILE });
    await submitCode(phone, await passwordStep(phone, '/inloggen', PATIENT));
    await phone.waitForURL('**/start');
    await phone.goto('/afspraken/maken');
    await phone.getByRole('button', { name: '08:45 uur, maandag 30 november, bij Dokter Jansen', exact: true }).waitFor();
    await check(phone, 'kiezen-telefoon');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow}px)`);
    await phone.getByRole('button', { name: '09:00 uur, maandag 30 november, bij Dokter Jansen', exact: true }).click();
    await phone.getByRole('button', { name: 'Afspraak maken', exact: true }).click();
    await expectMessage(phone, 'appointments.notice.booked');
    await check(phone, 'gemaakt-telefoon');

    // The practice has to cancel it: the patient gets a mail that says only "news in the portal".
    const mailsBefore = suite.portal.mailsTo(PATIENT.email).length;
    await staff.reload();
    await staff.getByRole('button', { name: 'Afspraak afzeggen 09:00 uur, Dokter Jansen', exact: true }).click();
    await expectMessage(staff, 'appointments.console.notice.cancelled');
    const mail = await suite.portal.nextMail(PATIENT.email, { after: mailsBefore });
    await mailSettled(suite.portal);
    for (const secret of ['Jansen', '09:00', '30 november', 'afspraak', 'bloeddruk']) assert.ok(!mail.text.includes(secret), `the mail does not say "${secret}"`);
    await staff.setViewportSize(MOBILE);
    await check(staff, 'console-dag-telefoon');

    await phone.goto('/start');
    await expectMessage(phone, 'appointments.status.cancelledByPractice');
    await phone.goto('/afspraken');
    await expectMessage(phone, 'appointments.cancelledByPractice');
    await check(phone, 'afgezegd-door-praktijk');

    if (problems.length > 0) console.log(`axe violations:\n${problems.join('\n')}`);
    assert.deepEqual(problems, []);
  });
});
