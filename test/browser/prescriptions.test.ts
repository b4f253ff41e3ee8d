/**
 * The story for repeat prescriptions, in a real browser (Debian's Chromium through
 * playwright-core): the patient asks for a repeat of two of the medicines the practice keeps for
 * them; an assistant finds the request in the console's queue, sets it to "In behandeling" and
 * then to "Klaar"; the patient sees "Klaar" and where to collect the medicines. Each change sends
 * the patient a mail that there is news, which names no medicine. axe checks every page on the
 * way; screenshots at desktop and phone width.
 *
 * Controls are found only by label, role and name; messages by their `data-message-id`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ManualClock, PATIENT, mailSettled, seedPatient, serviceDeps } from '../support/portal.ts';
import { MOBILE, checkPage, expectMessage, message, submitCode, useBrowserPortal } from '../support/browser.ts';
import { createAccount } from '../../src/accounts/account.service.ts';
import { DEMO_REPEAT_MEDICATION } from '../../src/services/prescriptions/prescriptions.demo.ts';
import { seedDemoPrescriptions } from '../../src/services/prescriptions/prescriptions.ts';

const START = '2026-11-26T08:30:00Z'; // 09:30 in Amsterdam
const ASSISTANT = { name: 'Sanne Bakker', username: 'sanne', email: 'sanne@de-linde.example', password: 'linde-assistent-test' } as const;
const PHARMACY = 'Apotheek De Linde, Amsterdam';
const [OMEPRAZOL, METFORMINE, SALBUTAMOL] = DEMO_REPEAT_MEDICATION;

describe('a patient requests a repeat prescription and an assistant handles it', () => {
  const clock = new ManualClock(START);
  const suite = useBrowserPortal({ clock });
  const { newPage, passwordStep } = suite;
  const problems: string[] = [];

  /** Screenshot (desktop, and phone width too when asked), then axe; violations are asserted at the end. */
  async function check(page: Page, name: string, options: { phone?: boolean } = {}): Promise<void> {
    problems.push(...(await checkPage(page, name, `herhaalrecept-${name}`)));
    if (options.phone === true) {
      await page.setViewportSize(MOBILE);
      problems.push(...(await checkPage(page, `${name} (phone)`, `herhaalrecept-${name}-telefoon`)));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name}: nothing sticks out sideways at 390 px (${overflow}px)`);
      await page.setViewportSize({ width: 1000, height: 800 });
    }
  }

  test('asked → in behandeling → klaar, and the patient sees "klaar"', async () => {
    const patient = await seedPatient(suite.portal);
    const practiceId = patient.practiceId!;
    await suite.portal.database.db.updateTable('practices').set({ prescriptions_enabled: true }).where('id', '=', practiceId).execute();
    const assistant = await createAccount(serviceDeps(suite.portal), { kind: 'staff', role: 'assistant', practiceSlug: 'de-linde', ...ASSISTANT });
    await seedDemoPrescriptions(suite.portal.database.db, { practiceId, patientAccountId: patient.id, staffAccountId: assistant.account.id }, clock.now());

    // The patient logs in and finds the service on the start page.
    const jan = await newPage();
    await submitCode(jan, await passwordStep(jan, '/inloggen', PATIENT));
    await jan.waitForURL('**/start');
    await expectMessage(jan, 'home.nothingWaiting');
    await jan.getByRole('link', { name: 'Herhaalrecept aanvragen', exact: true }).click();
    await jan.getByRole('heading', { name: 'Herhaalrecept aanvragen', exact: true, level: 1 }).waitFor();
    await expectMessage(jan, 'prescriptions.none');
    const group = jan.getByRole('group', { name: 'Welke medicijnen heeft u nodig?' });
    for (const name of DEMO_REPEAT_MEDICATION) await group.getByRole('checkbox', { name, exact: true }).waitFor();
    await check(jan, 'patient-leeg', { phone: true });

    // Sent without a choice and without a pharmacy: both named, nothing stored.
    clock.advanceSeconds(30);
    await jan.getByRole('button', { name: 'Aanvraag versturen', exact: true }).click();
    await expectMessage(jan, 'prescriptions.error.noMedicine');
    await expectMessage(jan, 'prescriptions.error.pharmacy');
    await check(jan, 'patient-fout');
    await jan.getByRole('link', { name: 'Vul de naam van uw apotheek in.', exact: true }).click();
    assert.equal(await jan.evaluate(() => document.activeElement?.id), 'apotheek', 'the summary leads to the field');

    // The right request: two of the three lines, a pharmacy, a remark.
    await group.getByRole('checkbox', { name: OMEPRAZOL, exact: true }).check();
    await group.getByRole('checkbox', { name: METFORMINE, exact: true }).check();
    await jan.getByLabel('Bij welke apotheek haalt u uw medicijnen?', { exact: true }).fill(PHARMACY);
    await jan.getByLabel('Opmerking (niet verplicht)', { exact: true }).fill('Ik ga op 1 december op vakantie.');
    await jan.getByRole('button', { name: 'Aanvraag versturen', exact: true }).click();
    await expectMessage(jan, 'prescriptions.requested');
    await expectMessage(jan, 'prescriptions.status.requested');
    assert.equal(await jan.getByLabel('Bij welke apotheek haalt u uw medicijnen?', { exact: true }).inputValue(), PHARMACY, 'the next request starts with the same pharmacy');
    await check(jan, 'patient-aangevraagd', { phone: true });

    // The assistant logs in at /praktijk and opens the queue from the console's navigation.
    clock.advanceSeconds(600);
    const sanne = await newPage();
    await submitCode(sanne, await passwordStep(sanne, '/praktijk', ASSISTANT));
    await sanne.waitForURL('**/praktijk/console');
    await sanne.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Herhaalrecepten', exact: true }).click();
    await sanne.getByRole('heading', { name: 'Herhaalrecepten', exact: true, level: 1 }).waitFor();
    const row = sanne.getByRole('table').getByRole('row').filter({ hasText: PATIENT.name });
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /26-11-2026 09:30[\s\S]*Jan de Vries[\s\S]*Aangevraagd/);
    await check(sanne, 'wachtrij', { phone: true });

    await row.getByRole('link').click();
    await sanne.getByRole('heading', { name: `Herhaalrecept – ${PATIENT.name}`, exact: true, level: 1 }).waitFor();
    // The title stays in the browser's history: the date, not the patient's name.
    assert.equal(await sanne.title(), 'Herhaalrecept – aanvraag van 26 november 2026 – Praktijkportaal');
    const medicines = await sanne.getByRole('list').filter({ hasText: OMEPRAZOL }).innerText();
    assert.match(medicines, new RegExp(`${OMEPRAZOL}[\\s\\S]*${METFORMINE}`));
    assert.ok(!medicines.includes(SALBUTAMOL), 'only what was asked for');
    await check(sanne, 'aanvraag', { phone: true });

    // In behandeling: the patient gets a mail that there is news, naming nothing.
    const mailsBefore = suite.portal.mailsTo(PATIENT.email).length;
    await sanne.getByRole('button', { name: 'In behandeling', exact: true }).click();
    await expectMessage(sanne, 'prescriptions.changed.in_progress');
    assert.equal(await sanne.getByRole('button', { name: 'In behandeling', exact: true }).count(), 0, 'no second "in behandeling"');
    const news = await suite.portal.nextMail(PATIENT.email, { after: mailsBefore });
    await mailSettled(suite.portal);
    assert.match(news.subject, /Er is nieuws voor u in het portaal/);
    for (const word of ['Omeprazol', 'Metformine', 'Salbutamol', 'Apotheek De Linde', 'vakantie', 'recept']) {
      assert.ok(!news.subject.includes(word) && !news.text.includes(word) && !(news.html ?? '').includes(word), `the mail does not say "${word}"`);
    }
    const links = news.text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
    assert.deepEqual(links, [`${suite.baseUrl}/inloggen`], 'one link, to the login');

    clock.advanceSeconds(60);
    await jan.reload();
    await expectMessage(jan, 'prescriptions.status.in_progress');

    // Klaar.
    clock.advanceSeconds(300);
    await sanne.getByRole('button', { name: 'Klaar', exact: true }).click();
    await expectMessage(sanne, 'prescriptions.changed.ready');
    await expectMessage(sanne, 'prescriptions.action.final');
    await suite.portal.nextMail(PATIENT.email, { after: mailsBefore + 1 });
    await mailSettled(suite.portal);
    await check(sanne, 'aanvraag-klaar');

    // The medication page, one link away.
    await sanne.getByRole('link', { name: 'Herhaalmedicatie van deze patiënt', exact: true }).click();
    await sanne.getByRole('heading', { name: `Herhaalmedicatie – ${PATIENT.name}`, exact: true, level: 1 }).waitFor();
    assert.ok(!(await sanne.title()).includes(PATIENT.name));
    await sanne.getByRole('button', { name: `Stoppen: ${SALBUTAMOL}`, exact: true }).waitFor();
    await check(sanne, 'herhaalmedicatie', { phone: true });

    // The patient sees "Klaar" and where to collect the medicines, on the list and the request.
    clock.advanceSeconds(60);
    await jan.goto('/start');
    await expectMessage(jan, 'prescriptions.home.ready');
    assert.equal((await message(jan, 'prescriptions.home.ready').innerText()).trim(), '1 recept is klaar');
    await jan.getByRole('link', { name: 'Herhaalrecept aanvragen', exact: true }).click();
    await expectMessage(jan, 'prescriptions.status.ready');
    assert.equal((await message(jan, 'prescriptions.status.ready').first().innerText()).trim(), 'Klaar');
    assert.equal(
      (await message(jan, 'prescriptions.explain.ready').first().innerText()).trim(),
      `Het recept is klaar. U kunt uw medicijnen ophalen bij uw apotheek: ${PHARMACY}.`,
    );
    await check(jan, 'patient-klaar', { phone: true });
    await jan.getByRole('link', { name: 'Aanvraag van 26 november 2026', exact: true }).click();
    await jan.getByRole('heading', { name: 'Aanvraag van 26 november 2026', exact: true, level: 1 }).waitFor();
    await expectMessage(jan, 'prescriptions.status.ready');
    await check(jan, 'patient-aanvraag', { phone: true });

    if (problems.length > 0) console.log(`axe violations:\n${problems.join('\n')}`);
    assert.deepEqual(problems, []);
  });
});
