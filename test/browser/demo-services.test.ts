/**
 * Issue 7's "done when", in a real browser: the demo practice that `npm start` creates has every
 * service on, repeat medication, an answered question and free times, so a new user logs in as
 * the demo patient and uses each service, then handles each as the demo assistant — and the
 * patient sees the outcome. The data comes from the same function `npm start` calls.
 *
 * Controls are found only by label, role and name; messages by their `data-message-id`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ManualClock, mailSettled, serviceDeps } from '../support/portal.ts';
import { MOBILE, checkPage, expectMessage, message, submitCode, useBrowserPortal } from '../support/browser.ts';
import { DEMO, createDemoDataIfEmpty } from '../../src/demo/demo-data.ts';

const START = '2026-11-26T10:50:00Z'; // Thursday 11:50 in Amsterdam; the demo's times start tomorrow
const PATIENT = DEMO.patient;
const ASSISTANT = DEMO.assistant;
const QUESTION_SUBJECT = 'Mag ik sporten na mijn griepprik?';

describe('the demo practice: the patient uses every service, the assistant handles each', () => {
  const clock = new ManualClock(START);
  const suite = useBrowserPortal({ clock });
  const { newPage, passwordStep } = suite;
  const problems: string[] = [];

  async function check(page: Page, name: string): Promise<void> {
    problems.push(...(await checkPage(page, name, `demo-${name}`)));
  }

  test('prescription, question and appointment: asked by jan, handled by sanne, seen by jan', async () => {
    assert.equal(await createDemoDataIfEmpty(serviceDeps(suite.portal)), true);

    // The demo patient, on a phone: the start page lists the three services and the news.
    const jan = await newPage({ viewport: MOBILE });
    await submitCode(jan, await passwordStep(jan, '/inloggen', PATIENT));
    await jan.waitForURL('**/start');
    for (const name of ['Herhaalrecept aanvragen', 'E-consult', 'Afspraak maken']) await jan.getByRole('link', { name, exact: true }).waitFor();
    await expectMessage(jan, 'consults.home.unread');
    assert.match(await jan.getByRole('region', { name: 'Spoed' }).innerText(), /112[\s\S]*020 123 45 67[\s\S]*088 123 45 00/);
    await check(jan, 'start');

    // 1. A repeat prescription from the practice's list.
    await jan.getByRole('link', { name: 'Herhaalrecept aanvragen', exact: true }).click();
    const medicines = jan.getByRole('group', { name: 'Welke medicijnen heeft u nodig?' });
    await medicines.getByRole('checkbox', { name: 'Omeprazol 20 mg maagsapresistente capsule', exact: true }).check();
    await jan.getByLabel('Bij welke apotheek haalt u uw medicijnen?', { exact: true }).fill('Apotheek De Linde');
    await jan.getByRole('button', { name: 'Aanvraag versturen', exact: true }).click();
    await expectMessage(jan, 'prescriptions.requested');

    // 2. The answered demo question is read; a new question is asked.
    await jan.goto('/start');
    await jan.getByRole('link', { name: 'E-consult', exact: true }).click();
    await jan.getByRole('link', { name: 'Vraag over griepprik', exact: true }).click();
    await jan.locator('[data-author="staff"]').first().waitFor();
    await jan.getByRole('link', { name: 'Terug naar uw vragen', exact: true }).click();
    await jan.getByLabel('Onderwerp', { exact: true }).fill(QUESTION_SUBJECT);
    await jan.getByLabel('Uw vraag', { exact: true }).fill('Ik heb vanochtend de griepprik gehad. Mag ik vanavond hardlopen?');
    await jan.getByRole('button', { name: 'Vraag versturen', exact: true }).click();
    await expectMessage(jan, 'consults.asked');

    // 3. An appointment: the first free time tomorrow with the demo doctor.
    await jan.goto('/start');
    await jan.getByRole('link', { name: 'Afspraak maken', exact: true }).click();
    await jan.getByRole('link', { name: 'Afspraak maken', exact: true }).click();
    await jan.getByRole('button', { name: `08:30 uur, vrijdag 27 november, bij ${DEMO.doctor.name}`, exact: true }).click();
    await jan.getByRole('button', { name: 'Afspraak maken', exact: true }).click();
    await expectMessage(jan, 'appointments.notice.booked');
    await check(jan, 'afspraak-gemaakt');

    // The demo assistant handles all three in the console.
    // Less than the patient's 15 idle minutes: jan stays logged in on the phone.
    clock.advanceSeconds(5 * 60);
    const sanne = await newPage();
    await submitCode(sanne, await passwordStep(sanne, '/praktijk', ASSISTANT));
    await sanne.waitForURL('**/praktijk/console');
    const nav = sanne.getByRole('navigation', { name: 'Console' });
    const mailsBefore = suite.portal.mailsTo(PATIENT.email).length;

    await nav.getByRole('link', { name: 'Herhaalrecepten', exact: true }).click();
    await sanne.getByRole('table').getByRole('row').filter({ hasText: PATIENT.name }).getByRole('link').click();
    await sanne.getByRole('button', { name: 'Klaar', exact: true }).click();
    await expectMessage(sanne, 'prescriptions.changed.ready');

    await nav.getByRole('link', { name: 'E-consulten', exact: true }).click();
    await sanne.getByRole('link', { name: QUESTION_SUBJECT, exact: true }).click();
    await sanne.getByLabel('Uw antwoord', { exact: true }).fill('Dat mag, als u zich goed voelt. Doe het wel rustig aan.');
    await sanne.getByRole('button', { name: 'Antwoord versturen', exact: true }).click();
    await expectMessage(sanne, 'consults.answered');

    await nav.getByRole('link', { name: 'Afspraken', exact: true }).click();
    await sanne.goto('/praktijk/afspraken?datum=2026-11-27');
    const booked = sanne.getByRole('table', { name: `Tijden van ${DEMO.doctor.name}` }).getByRole('row').filter({ hasText: '08:30–08:45' });
    assert.match(await booked.innerText(), /Geboekt[\s\S]*Jan de Vries/);
    await check(sanne, 'console-afspraken');

    // Two news mails (prescription ready, question answered), neither naming what it is about.
    await suite.portal.nextMail(PATIENT.email, { after: mailsBefore + 1 });
    await mailSettled(suite.portal);
    for (const mail of suite.portal.mailsTo(PATIENT.email).slice(mailsBefore)) {
      assert.match(mail.subject, /Er is nieuws voor u in het portaal/);
      for (const word of ['Omeprazol', 'griepprik', 'hardlopen', 'Sanne', 'Jansen']) assert.ok(!mail.text.includes(word), `the mail does not say "${word}"`);
    }

    // The patient sees each outcome on the start page.
    clock.advanceSeconds(60);
    await jan.goto('/start');
    await expectMessage(jan, 'prescriptions.home.ready');
    await expectMessage(jan, 'consults.home.unread');
    assert.match(await jan.locator('[data-service="appointments"]').innerText(), /vrijdag 27 november om 08:30 uur/);
    assert.equal(await message(jan, 'home.noServices').count(), 0);
    await check(jan, 'start-na');

    if (problems.length > 0) console.log(`axe violations:\n${problems.join('\n')}`);
    assert.deepEqual(problems, []);
  });
});
