/**
 * An assistant helps a patient who used an old code, in a real browser (Debian's Chromium
 * through playwright-core): the patient logs in twice, types the code of the first e-mail, then
 * wrong codes until the code step pauses; the assistant logs in at /praktijk, opens
 * "Kan niet inloggen" from the patient page, reads the diagnosis, lifts the pause, and the
 * patient logs in. Controls are found by label, role and name; messages by `data-message-id`.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { ManualClock, PATIENT, codeFrom, eventually, seedPatient, startTestPortal, type TestPortal } from '../support/portal.ts';
import { createAccount } from '../../src/accounts/account.service.ts';
import { secureRandom } from '../../src/security/primitives.ts';

const START = '2026-11-26T10:50:00Z';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const STAFF = { username: 'sanne', email: 'sanne@de-linde.example', password: 'assistent-wachtwoord' } as const;
const screenshotDir = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('no port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

const message = (page: Page, messageId: string) => page.locator(`[data-message-id="${messageId}"]`);

async function messageIdsOn(page: Page, prefix: string): Promise<string[]> {
  const ids = await page.locator('[data-message-id]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-message-id') ?? ''));
  return ids.filter((id) => id.startsWith(prefix));
}

describe('an assistant diagnoses and fixes a patient who used an old code', () => {
  const clock = new ManualClock(START);
  let portal: TestPortal;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const [started, launched] = await Promise.all([
      startTestPortal({ clock, config: { publicUrl: new URL(baseUrl) } }),
      chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS }),
    ]);
    portal = started;
    browser = launched;
    await portal.app.listen({ port, host: '127.0.0.1' });
  });

  after(async () => {
    await browser?.close();
    await portal?.close();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'nl-NL', viewport: { width: 1000, height: 800 } });
    contexts.push(context);
    context.setDefaultTimeout(10_000);
    context.setDefaultNavigationTimeout(10_000);
    return context.newPage();
  }

  /** The worker records a sent mail just after the mailbox has it; wait before the clock moves. */
  async function mailSettled(): Promise<void> {
    await eventually(async () => {
      const open = await portal.database.db.selectFrom('outbox').select('id').where('state', 'in', ['queued', 'sending']).execute();
      return open.length === 0;
    });
  }

  async function logIn(page: Page, door: '/inloggen' | '/praktijk', username: string, password: string, email: string): Promise<string> {
    await page.goto(door);
    await page.getByLabel('Gebruikersnaam', { exact: true }).fill(username);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
    const before = portal.mailsTo(email).length;
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await page.waitForURL('**/sessiecode');
    const code = codeFrom(await portal.nextMail(email, { after: before }));
    await mailSettled();
    return code;
  }

  async function submitCode(page: Page, code: string): Promise<void> {
    await page.getByLabel('Sessiecode', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Doorgaan', exact: true }).click();
  }

  test('the diagnosis names the old code and the pause; lifting the pause lets the patient in', async () => {
    await portal.reset();
    clock.set(START);
    const patientAccount = await seedPatient(portal);
    await createAccount(
      {
        db: portal.database.db,
        clock,
        random: secureRandom,
        keyring: portal.keyring,
        outbox: { keyring: portal.keyring, messageIdDomain: 'portal.test' },
        mailQueued: () => portal.worker.wake(),
      },
      { kind: 'staff', role: 'assistant', practiceSlug: 'de-linde', name: 'Sanne Jansen', email: STAFF.email, username: STAFF.username, password: STAFF.password },
    );

    // The patient: 11:50 and 11:52 logins, the code of 11:50 typed at 11:53, then wrong codes.
    const patient = await newPage();
    const first = await logIn(patient, '/inloggen', PATIENT.username, PATIENT.password, PATIENT.email);
    clock.advanceSeconds(120);
    const second = await logIn(patient, '/inloggen', PATIENT.username, PATIENT.password, PATIENT.email);
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
    await mailSettled();
    for (let i = 0; i < 5; i++) {
      clock.advanceSeconds(10);
      await submitCode(patient, wrong());
    }
    await message(patient, 'code.error.paused').first().waitFor();

    // The assistant, on the phone with the patient.
    clock.advanceSeconds(60);
    const staff = await newPage();
    const staffCode = await logIn(staff, '/praktijk', STAFF.username, STAFF.password, STAFF.email);
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

    const axe = await new AxeBuilder({ page: staff }).withTags(AXE_TAGS).analyze();
    const serious = axe.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    assert.deepEqual(
      serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
      [],
    );
    await staff.screenshot({ path: `${screenshotDir}/kan-niet-inloggen.png`, fullPage: true });

    // Keyboard only: the lift button is reachable and works with Enter.
    const lift = staff.getByRole('button', { name: 'Blokkade opheffen', exact: true });
    await lift.focus();
    await staff.keyboard.press('Enter');
    await message(staff, 'diagnosis.notice.lifted').waitFor();
    assert.deepEqual(await messageIdsOn(staff, 'diagnosis.finding.'), ['diagnosis.finding.older_code_used', 'diagnosis.finding.wrong_codes']);
    await staff.screenshot({ path: `${screenshotDir}/kan-niet-inloggen-opgeheven.png`, fullPage: true });

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
