/**
 * An assistant helps a patient who used an old code, in a real browser (Debian's Chromium
 * through playwright-core): the patient logs in twice, types the code of the first e-mail, then
 * wrong codes until the code step pauses; the assistant logs in at /praktijk, opens
 * "Kan niet inloggen" from the patient page, reads the diagnosis, lifts the pause, and the
 * patient logs in. Controls are found by label, role and name; messages by `data-message-id`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, PATIENT, codeFrom, mailSettled, seedPatient, serviceDeps } from '../support/portal.ts';
import { message, messageIdsOn, runAxe, screenshot, submitCode, useBrowserPortal } from '../support/browser.ts';
import { createAccount } from '../../src/accounts/account.service.ts';

const START = '2026-11-26T10:50:00Z';
const STAFF = { username: 'sanne', email: 'sanne@de-linde.example', password: 'assistent-wachtwoord' } as const;

describe('an assistant diagnoses and fixes a patient who used an old code', () => {
  const clock = new ManualClock(START);
  const suite = useBrowserPortal({ clock });
  const { newPage } = suite;

  test('the diagnosis names the old code and the pause; lifting the pause lets the patient in', async () => {
    const portal = suite.portal;
    await portal.reset();
    clock.set(START);
    const patientAccount = await seedPatient(portal);
    await createAccount(serviceDeps(portal), { kind: 'staff', role: 'assistant', practiceSlug: 'de-linde', name: 'Sanne Jansen', email: STAFF.email, username: STAFF.username, password: STAFF.password });

    // The patient: 11:50 and 11:52 logins, the code of 11:50 typed at 11:53, then wrong codes.
    const patient = await newPage();
    const first = await suite.passwordStep(patient, '/inloggen', PATIENT);
    clock.advanceSeconds(120);
    const second = await suite.passwordStep(patient, '/inloggen', PATIENT);
    clock.advanceSeconds(60);
    assert.notEqual(first, second);
    await submitCode(patient, first);
    await message(patient, 'code.error.older').waitFor();
    const known = new Set([first, second]);
    const wrong = () => ['000000', '111111', '222222', '333333', '444444'].find((candidate) => !known.has(candidate))!;
    for (let i = 0; i < 5; i++) {
      clock.advanceSeconds(10);
      await submitCode(patient, wrong());
    }
    await message(patient, 'code.error.voided').waitFor();
    clock.advanceSeconds(10);
    const before = portal.mailsTo(PATIENT.email).length;
    await patient.getByRole('button', { name: 'Stuur de e-mail opnieuw', exact: true }).first().click();
    known.add(codeFrom(await portal.nextMail(PATIENT.email, { after: before })));
    await mailSettled(portal);
    for (let i = 0; i < 5; i++) {
      clock.advanceSeconds(10);
      await submitCode(patient, wrong());
    }
    await message(patient, 'code.error.paused').first().waitFor();

    // The assistant, on the phone with the patient.
    clock.advanceSeconds(60);
    const staff = await newPage();
    const staffCode = await suite.passwordStep(staff, '/praktijk', STAFF);
    await submitCode(staff, staffCode);
    await staff.waitForURL('**/praktijk/console');
    await staff.goto(`/praktijk/patienten/${patientAccount.id}`);
    await staff.getByRole('link', { name: 'Kan niet inloggen', exact: true }).click();
    await staff.getByRole('heading', { name: 'Kan niet inloggen – Jan de Vries', level: 1 }).waitFor();

    assert.deepEqual(await messageIdsOn(staff, 'diagnosis.finding.'), ['diagnosis.finding.code_paused', 'diagnosis.finding.older_code_used']);
    assert.equal(
      (await message(staff, 'diagnosis.finding.older_code_used').innerText()).split('\n')[0]!.startsWith('De patiënt vulde om 11:53 een oudere code in; de nieuwste was om 11:52 verstuurd.'),
      true,
    );
    assert.match(await message(staff, 'diagnosis.finding.code_paused').innerText(), /gepauzeerd tot 12:09 na 10 verkeerde pogingen/);
    const timeline = staff.getByRole('list').filter({ has: staff.locator('[data-message-id="diagnosis.item.refused.older_code"]') });
    assert.equal(await timeline.count(), 1, 'the timeline is a list');
    assert.ok((await timeline.getByRole('listitem').count()) >= 20, 'every step is listed');

    const axe = await runAxe(staff);
    const serious = axe.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    assert.deepEqual(
      serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
      [],
    );
    await screenshot(staff, 'kan-niet-inloggen');

    // Keyboard only: the lift button is reachable and works with Enter.
    const lift = staff.getByRole('button', { name: 'Blokkade opheffen', exact: true });
    await lift.focus();
    await staff.keyboard.press('Enter');
    await message(staff, 'diagnosis.notice.lifted').waitFor();
    assert.deepEqual(await messageIdsOn(staff, 'diagnosis.finding.'), ['diagnosis.finding.older_code_used', 'diagnosis.finding.wrong_codes']);
    await screenshot(staff, 'kan-niet-inloggen-opgeheven');

    // The patient asks for a new code and logs in.
    clock.advanceSeconds(30);
    await patient.goto('/sessiecode');
    const beforeNew = portal.mailsTo(PATIENT.email).length;
    await patient.getByRole('button', { name: 'Stuur de e-mail opnieuw', exact: true }).first().click();
    const fresh = codeFrom(await portal.nextMail(PATIENT.email, { after: beforeNew }));
    await submitCode(patient, fresh);
    await patient.waitForURL('**/start');
  });
});
