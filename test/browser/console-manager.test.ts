/**
 * The "Done when" of the practice-console issue, in a real browser (Debian's Chromium through
 * playwright-core): a manager made with `praktijkportaal staff add` logs in at /praktijk, imports
 * patients from a CSV file (first a file with a mistake, then the right one), invites one of them,
 * and when that patient types an older code, sees why on "Kan niet inloggen", lifts the block and
 * watches the patient get in. axe checks the console pages on the way.
 *
 * The manager is made by the real CLI in a child process when TEST_DATABASE_URL is set (as in
 * CI): that process and this portal share the PostgreSQL test database. Without it the portal
 * runs on an in-memory PGlite that no second process can open, so the same argv goes through
 * `runAdminCommand` in this process: the function the CLI runs, which calls the account service.
 *
 * Controls are found only by label, role and name; messages by their `data-message-id`.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ManualClock, mailSettled } from '../support/portal.ts';
import { adminCommand } from '../support/admin-cli.ts';
import { openTestDatabase } from '../support/database.ts';
import { checkPage, expectMessage, message, messageIdsOn, screenshot, submitCode, useBrowserPortal } from '../support/browser.ts';

const START = '2026-11-26T10:50:00Z'; // 11:50 in Amsterdam
const PRACTICE = { name: 'Huisartsenpraktijk De Linde', slug: 'de-linde' } as const;
const MANAGER = { name: 'Marieke Visser', username: 'marieke', email: 'marieke@de-linde.example', password: 'manager-wachtwoord-lang' } as const;
const ZOE = { name: 'Zoë Bakker', username: 'zoebakker', email: 'zoe.bakker@example.nl', password: 'een lange zin voor zoë' } as const;

/** What a practice exports from its old system: Excel's "CSV UTF-8" (BOM, `;`, CRLF). */
const CSV_HEADER = 'naam;email;gebruikersnaam;geboortedatum;telefoon';
const CSV_ROWS = [
  'Jan de Vries;jan@example.nl;jandevries;31-12-1950;06-12345678',
  'Fatima el Amrani;fatima@example.nl;fatima.elamrani;;',
  `${ZOE.name};${ZOE.email};${ZOE.username};02-03-1988;020 555 12 34`,
  'Henk-Jan de Wit;henkjan@example.nl;hjdewit;15-07-1962;',
  'Ayşe Yılmaz;ayse@example.nl;ayse.yilmaz;09-10-2001;+31 6 1234 5678',
];
const IMPORTED_EMAILS = ['jan@example.nl', 'fatima@example.nl', ZOE.email, 'henkjan@example.nl', 'ayse@example.nl'];

describe('a manager made with the CLI imports patients, invites one and helps one who cannot log in', () => {
  const clock = new ManualClock(START);
  const workDir = mkdtempSync(join(tmpdir(), 'pp-console-manager-'));
  const suite = useBrowserPortal({
    clock,
    database: async () => (process.env['TEST_DATABASE_URL'] ? openTestDatabase('postgres') : undefined),
  });
  const { newPage, passwordStep } = suite;
  const problems: string[] = [];

  after(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  /**
   * `praktijkportaal <argv>`: the real CLI in a child process on the shared PostgreSQL database;
   * on PGlite the same argv through the CLI's own command function (see the file comment).
   */
  async function praktijkportaal(argv: string[]): Promise<Record<string, unknown>> {
    return adminCommand(suite.portal, join(workDir, 'data'), argv);
  }

  /** Screenshot, then axe; serious and critical violations are collected and asserted at the end. */
  async function check(page: Page, name: string): Promise<void> {
    problems.push(...(await checkPage(page, name, `console-${name}`)));
  }

  async function uploadCsv(page: Page, fileName: string, rows: readonly string[]): Promise<void> {
    const path = join(workDir, fileName);
    writeFileSync(path, `\uFEFF${[CSV_HEADER, ...rows].join('\r\n')}\r\n`, 'utf8');
    await page.getByLabel('CSV-bestand', { exact: true }).setInputFiles(path);
    await page.getByRole('button', { name: 'Controleren', exact: true }).click();
  }

  async function openPatientsFromNav(page: Page): Promise<void> {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Patiënten', exact: true }).click();
    await page.getByRole('heading', { name: 'Patiënten', exact: true, level: 1 }).waitFor();
  }

  test('staff add → /praktijk → import → invite → "Kan niet inloggen" → fixed', async () => {
    // The practice and its manager, as the issue says: `npx praktijkportaal staff add`.
    const practice = await praktijkportaal(['practice', 'add', '--name', PRACTICE.name, '--slug', PRACTICE.slug]);
    assert.equal((practice['practice'] as Record<string, unknown>)['slug'], PRACTICE.slug);
    const made = await praktijkportaal([
      'staff', 'add', '--practice', PRACTICE.slug, '--role', 'manager',
      '--name', MANAGER.name, '--email', MANAGER.email, '--username', MANAGER.username, '--password', MANAGER.password,
    ]);
    const account = made['account'] as Record<string, unknown>;
    assert.deepEqual([account['kind'], account['role'], account['status'], made['activation']], ['staff', 'manager', 'active', 'not needed']);

    // The manager logs in at /praktijk: password, then the code from the mailbox.
    const manager = await newPage();
    const managerCode = await passwordStep(manager, '/praktijk', MANAGER);
    await submitCode(manager, managerCode);
    await manager.waitForURL('**/praktijk/console');
    await manager.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Logboek', exact: true }).waitFor();

    // Patiënten: an empty practice.
    await openPatientsFromNav(manager);
    await expectMessage(manager, 'patients.none');
    // The search field is styled like every other field (it once was a tiny unstyled box).
    const searchHeight = (await manager.getByLabel('Zoek op naam, gebruikersnaam, e-mailadres of geboortedatum', { exact: true }).boundingBox())?.height ?? 0;
    assert.ok(searchHeight >= 40, `the search field is large enough to hit (${searchHeight}px)`);

    // A file with one mistake: the row is named, nothing is stored.
    await manager.getByRole('link', { name: 'Patiënten importeren (CSV)', exact: true }).click();
    await manager.getByRole('heading', { name: 'Patiënten importeren', exact: true, level: 1 }).waitFor();
    await check(manager, 'import');
    await uploadCsv(manager, 'patienten-fout.csv', [CSV_ROWS[0]!, CSV_ROWS[1]!.replace(';;', ';31-02-1970;'), ...CSV_ROWS.slice(2)]);
    await expectMessage(manager, 'import.error.rows');
    const errorTable = manager.getByRole('table', { name: 'Regels met een fout', exact: true });
    assert.equal(await errorTable.getByRole('row').count(), 2, 'a header and the one wrong row');
    const wrongRow = errorTable.getByRole('row').nth(1);
    assert.equal((await wrongRow.getByRole('rowheader').innerText()).trim(), '3', 'line 3 of the file (the header is line 1)');
    assert.match(await wrongRow.innerText(), /De geboortedatum klopt niet/);
    assert.equal(await manager.getByLabel('CSV-bestand', { exact: true }).count(), 1, 'the upload form is offered again');
    await check(manager, 'import-fout');

    // The right file: the preview shows every patient, nothing imported yet.
    await uploadCsv(manager, 'patienten.csv', CSV_ROWS);
    await expectMessage(manager, 'import.ok');
    assert.match(await message(manager, 'import.ok').innerText(), /5/);
    const preview = manager.getByRole('table', { name: 'De patiënten in het bestand', exact: true });
    assert.equal(await preview.getByRole('row').count(), 1 + CSV_ROWS.length);
    const zoeRow = preview.getByRole('row').filter({ hasText: ZOE.name });
    assert.equal(await zoeRow.count(), 1, 'Zoë with her diaeresis, read as UTF-8 after the BOM');
    assert.match(await zoeRow.innerText(), /zoebakker[\s\S]*02-03-1988[\s\S]*020 555 12 34/);
    assert.match(await preview.getByRole('row').filter({ hasText: 'Ayşe Yılmaz' }).innerText(), /\+31 6 1234 5678/);
    const inviteAll = manager.getByRole('checkbox', { name: 'Stuur iedereen meteen een uitnodiging', exact: true });
    assert.equal(await inviteAll.isChecked(), true, 'inviting everyone is the default');
    await check(manager, 'import-preview');

    // Import without invitations: the manager invites one patient herself, below.
    await inviteAll.uncheck();
    await manager.getByRole('button', { name: 'Importeren (5 patiënten)', exact: true }).click();
    await expectMessage(manager, 'import.done');
    await expectMessage(manager, 'import.doneNotInvited');
    await screenshot(manager, 'console-import-klaar');
    const queued = await suite.portal.database.db.selectFrom('outbox').select('to_address').execute();
    assert.deepEqual(queued.filter((row) => IMPORTED_EMAILS.includes(row.to_address)), [], 'no invitation was queued');

    // The list has them, all waiting for activation.
    await manager.getByRole('link', { name: 'Naar de patiënten', exact: true }).click();
    await manager.getByRole('heading', { name: 'Patiënten', exact: true, level: 1 }).waitFor();
    const list = manager.getByRole('table');
    assert.equal(await list.getByRole('row').count(), 1 + CSV_ROWS.length);
    for (const name of ['Jan de Vries', 'Fatima el Amrani', ZOE.name, 'Henk-Jan de Wit', 'Ayşe Yılmaz']) {
      assert.match(await list.getByRole('row').filter({ has: manager.getByRole('link', { name, exact: true }) }).innerText(), /Wacht op activatie/, name);
    }
    await check(manager, 'patienten');

    // Open Zoë and send her the invitation.
    await manager.getByRole('link', { name: ZOE.name, exact: true }).click();
    await manager.getByRole('heading', { name: ZOE.name, exact: true, level: 1 }).waitFor();
    await check(manager, 'patient');
    await manager.getByRole('button', { name: 'Uitnodiging (opnieuw) sturen', exact: true }).click();
    await expectMessage(manager, 'patient.activationSent');
    const invitation = await suite.portal.nextMail(ZOE.email, { after: 0 });
    await mailSettled(suite.portal);
    assert.match(invitation.subject, /Uw account bij Huisartsenpraktijk De Linde/);
    assert.match(invitation.text, /Uw gebruikersnaam is: zoebakker/);
    const links = invitation.text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
    assert.equal(links.length, 1, `exactly one link in the invitation, found ${JSON.stringify(links)}`);
    assert.ok(links[0]!.startsWith(`${suite.baseUrl}/activeren/`), `the link leads to this portal: ${links[0]}`);
    for (const other of IMPORTED_EMAILS.filter((email) => email !== ZOE.email)) assert.equal(suite.portal.mailsTo(other).length, 0, `no mail to ${other}`);

    // Zoë follows the link and chooses a password.
    clock.advanceSeconds(60);
    const zoe = await newPage();
    await zoe.goto(links[0]!);
    await zoe.getByRole('heading', { name: 'Kies uw wachtwoord', exact: true, level: 1 }).waitFor();
    await zoe.getByLabel('Nieuw wachtwoord', { exact: true }).fill(ZOE.password);
    await zoe.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await zoe.waitForURL(/\/inloggen\?melding=wachtwoord/);
    await expectMessage(zoe, 'password.saved');

    // Zoë logs in at 11:52 and again at 11:54, then types the code of 11:52 and a typo.
    clock.advanceSeconds(60);
    const older = await passwordStep(zoe, '/inloggen', ZOE);
    clock.advanceSeconds(120);
    const newest = await passwordStep(zoe, '/inloggen', ZOE);
    assert.notEqual(older, newest);
    clock.advanceSeconds(60);
    await submitCode(zoe, older);
    await expectMessage(zoe, 'code.error.older');
    clock.advanceSeconds(10);
    await submitCode(zoe, ['000000', '111111', '222222'].find((candidate) => candidate !== older && candidate !== newest)!);
    await expectMessage(zoe, 'code.error.wrong');

    // She calls the practice. The manager finds her and opens "Kan niet inloggen".
    clock.advanceSeconds(50);
    await openPatientsFromNav(manager);
    await manager.getByLabel('Zoek op naam, gebruikersnaam, e-mailadres of geboortedatum', { exact: true }).fill('Bakker');
    await manager.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await manager.waitForURL(/\?q=Bakker/);
    assert.equal(await manager.getByRole('table').getByRole('row').count(), 2, 'the search finds Zoë only');
    await manager.getByRole('link', { name: ZOE.name, exact: true }).click();
    assert.equal(await manager.locator('dd[data-status]').innerText(), 'Actief', 'activated by her own password');
    await manager.getByRole('link', { name: 'Kan niet inloggen', exact: true }).click();
    await manager.getByRole('heading', { name: `Kan niet inloggen – ${ZOE.name}`, exact: true, level: 1 }).waitFor();
    assert.deepEqual(await messageIdsOn(manager, 'diagnosis.finding.'), ['diagnosis.finding.older_code_used', 'diagnosis.finding.wrong_codes']);
    assert.equal(
      (await message(manager, 'diagnosis.finding.older_code_used').innerText()).trim(),
      'De patiënt vulde om 11:55 een oudere code in; de nieuwste was om 11:54 verstuurd. De ingevulde code kwam uit de e-mail van 11:52.',
    );
    await expectMessage(manager, 'diagnosis.fix.older_code_used');
    await check(manager, 'kan-niet-inloggen');

    // The one wrong try left a count behind: the manager lifts it.
    await manager.getByRole('button', { name: 'Blokkade opheffen', exact: true }).click();
    await expectMessage(manager, 'diagnosis.notice.lifted');
    await expectMessage(manager, 'diagnosis.action.nothingToLift');
    assert.equal(await manager.getByRole('button', { name: 'Blokkade opheffen' }).count(), 0);
    await screenshot(manager, 'console-kan-niet-inloggen-opgeheven');

    // On the phone: "use the code of 11:54". Zoë gets in, and the page says so.
    clock.advanceSeconds(30);
    await submitCode(zoe, newest);
    await zoe.waitForURL('**/start');
    await zoe.getByRole('button', { name: 'Uitloggen', exact: true }).waitFor();
    await manager.getByRole('link', { name: 'Deze pagina vernieuwen', exact: true }).click();
    await manager.getByRole('heading', { name: `Kan niet inloggen – ${ZOE.name}`, exact: true, level: 1 }).waitFor();
    assert.deepEqual(await messageIdsOn(manager, 'diagnosis.finding.'), ['diagnosis.finding.all_good_recently']);
    assert.match(await message(manager, 'diagnosis.finding.all_good_recently').innerText(), /11:56/);

    // The audit log (managers only): everything the manager did on Zoë's record is there.
    await manager.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Logboek', exact: true }).click();
    await manager.getByRole('heading', { name: 'Logboek', exact: true, level: 1 }).waitFor();
    await manager.getByLabel('Patiënt (naam of gebruikersnaam)', { exact: true }).fill(ZOE.username);
    await manager.getByRole('button', { name: 'Filteren', exact: true }).click();
    await manager.waitForURL(/patient=zoebakker/);
    const actions = (await manager.getByRole('table').locator('tbody code').allInnerTexts()).map((text) => text.trim());
    for (const action of ['account.created', 'patient.viewed', 'account.activation_sent', 'sign_in.diagnosed']) {
      assert.ok(actions.includes(action), `the audit log shows ${action} for Zoë (has ${JSON.stringify([...new Set(actions)])})`);
    }
    await check(manager, 'logboek');

    if (problems.length > 0) console.log(`axe violations:\n${problems.join('\n')}`);
    assert.deepEqual(problems, []);
  });
});
