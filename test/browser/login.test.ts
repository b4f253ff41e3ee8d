/**
 * The patient login in a real browser (Debian's Chromium through playwright-core): password,
 * the session code from the development mailbox, logout, accessibility (axe) and the same
 * flow without JavaScript. Controls are found only by label, role and name, as CONTRACT.md says;
 * messages are recognised by the `data-message-id` the pages render.
 *
 * The portal is built in-process and listens on a free loopback port; one ManualClock is
 * shared with it, so a test can move time (an expired code) without sleeping.
 */
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { ManualClock, PATIENT, codeFrom, seedPatient } from '../support/portal.ts';
import { MOBILE, checkPage, expectMessage, message, screenshot, submitCode, useBrowserPortal } from '../support/browser.ts';

const START = '2026-11-26T10:50:00Z';

const readmeScreenshot = fileURLToPath(new URL('../../docs/screenshot-sessiecode.png', import.meta.url));

describe('patient login in the browser', () => {
  const clock = new ManualClock(START);
  const suite = useBrowserPortal({ clock });
  const { newPage } = suite;

  beforeEach(async () => {
    await suite.portal.reset();
    clock.set(START);
    await seedPatient(suite.portal);
  });

  async function expectLoginPage(page: Page): Promise<void> {
    assert.equal(new URL(page.url()).pathname, '/inloggen');
    await page.getByLabel('Gebruikersnaam', { exact: true }).waitFor();
    await page.getByLabel('Wachtwoord', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Inloggen', exact: true }).waitFor();
  }

  /** Login page → password → the code page; returns the code from the e-mail it sent. */
  async function logInWithPassword(page: Page): Promise<string> {
    await page.goto('/inloggen');
    await expectLoginPage(page);
    await page.getByLabel('Gebruikersnaam', { exact: true }).fill(PATIENT.username);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(PATIENT.password);
    const mailsBefore = suite.portal.mailsTo(PATIENT.email).length;
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await page.waitForURL('**/sessiecode');
    await page.getByRole('heading', { name: 'Sessiecode', exact: true, level: 1 }).waitFor();
    const mail = await suite.portal.nextMail(PATIENT.email, { after: mailsBefore });
    return codeFrom(mail);
  }

  async function expectLoggedIn(page: Page): Promise<void> {
    await page.waitForURL('**/start');
    await page.getByRole('button', { name: 'Uitloggen', exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Uitloggen', exact: true }).count(), 1);
    assert.equal(await page.getByLabel('Sessiecode', { exact: true }).count(), 0);
  }

  /** Reloads the code page until it says the e-mail was sent, so a screenshot shows the settled state. */
  async function waitForDeliveredState(page: Page): Promise<void> {
    const deadline = Date.now() + 5000;
    while ((await message(page, 'code.delivery.sent').count()) === 0) {
      if (Date.now() > deadline) assert.fail('the code page never said the e-mail was sent');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await page.reload();
    }
  }

  test('happy path: password, code from the mailbox, Doorgaan, logged in', async () => {
    const page = await newPage();
    await page.goto('/');
    await expectLoginPage(page);
    // The stylesheet really applies (it was once refused by the default-deny route check).
    const button = page.getByRole('button', { name: 'Inloggen', exact: true });
    const minHeight = await button.evaluate((element) => getComputedStyle(element).minHeight);
    assert.equal(minHeight, '44px', 'portal.css is loaded and applied');
    await screenshot(page, 'inloggen');

    const code = await logInWithPassword(page);
    assert.match(code, /^\d{6}$/);
    await page.getByRole('link', { name: 'Geen sessiecode ontvangen?', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Meer informatie over sessiecode?', exact: true }).waitFor();
    await waitForDeliveredState(page);
    // The code field gets its own large, narrow style (it once lost to the generic input rule).
    const codeFieldFont = await page.getByLabel('Sessiecode', { exact: true }).evaluate((element) => getComputedStyle(element).fontSize);
    assert.ok(Number.parseFloat(codeFieldFont) > 25, `the code field uses large digits (${codeFieldFont})`);
    assert.equal(await message(page, 'code.sentAt').count(), 1);
    assert.match((await message(page, 'code.sentAt').innerText()).trim(), /11:50.*j\*\*\*@example\.nl/);
    await screenshot(page, 'sessiecode');
    // The README's picture is only rewritten on request, so a test run leaves the tree clean.
    if (process.env['UPDATE_README_SCREENSHOT'] === '1') await page.screenshot({ path: readmeScreenshot, fullPage: true });

    await submitCode(page, code);
    await expectLoggedIn(page);
    await screenshot(page, 'start');
  });

  test('an older code after logging in again gets its own message; the newest code works', async () => {
    const page = await newPage();
    const first = await logInWithPassword(page);
    clock.advanceSeconds(120);
    const second = await logInWithPassword(page);
    assert.equal(suite.portal.mailsTo(PATIENT.email).length, 2, 'one e-mail per login');

    if (first !== second) {
      await submitCode(page, first);
      await expectMessage(page, 'code.error.older');
      assert.equal(await page.getByRole('button', { name: 'Uitloggen' }).count(), 0, 'the older code does not log in');
      const text = await message(page, 'code.error.older').innerText();
      assert.match(text, /11:52/, 'the message names the time of the newest code');
      await screenshot(page, 'sessiecode-oude-code');
    }
    await submitCode(page, second);
    await expectLoggedIn(page);
  });

  test('a code pasted with spaces around and inside works', async () => {
    const page = await newPage();
    const code = await logInWithPassword(page);
    await submitCode(page, ` ${code.slice(0, 3)} ${code.slice(3)} `);
    await expectLoggedIn(page);
  });

  test('seven digits are explained, the field is marked invalid, and the real code still works', async () => {
    const page = await newPage();
    const code = await logInWithPassword(page);
    await submitCode(page, `${code}7`);
    await expectMessage(page, 'code.error.tooManyDigits');
    assert.match(await message(page, 'code.error.tooManyDigits').innerText(), /7 cijfers/);
    const field = page.getByLabel('Sessiecode', { exact: true });
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const errorId = await message(page, 'code.error.tooManyDigits').getAttribute('id');
    assert.ok(errorId !== null && describedBy.split(' ').includes(errorId), 'the field is described by the error');
    assert.equal(await page.getByRole('alert').filter({ hasText: '7 cijfers' }).count(), 1, 'the error is an alert');
    await screenshot(page, 'sessiecode-zeven-cijfers');

    await submitCode(page, code);
    await expectLoggedIn(page);
  });

  test('a code entered after 601 seconds is reported as expired', async () => {
    const page = await newPage();
    const code = await logInWithPassword(page);
    clock.advanceSeconds(601);
    await submitCode(page, code);
    await expectMessage(page, 'code.error.expired');
    assert.equal(new URL(page.url()).pathname, '/sessiecode');
    assert.equal(await page.getByRole('button', { name: 'Uitloggen' }).count(), 0, 'an expired code does not log in');
    await screenshot(page, 'sessiecode-verlopen');
  });

  test('"Geen sessiecode ontvangen?" sends a second e-mail whose code works', async () => {
    const page = await newPage();
    await logInWithPassword(page);
    assert.equal(suite.portal.mailsTo(PATIENT.email).length, 1);
    await page.getByRole('link', { name: 'Geen sessiecode ontvangen?', exact: true }).click();
    const again = await suite.portal.nextMail(PATIENT.email, { after: 1 });
    await page.waitForURL(/\/sessiecode\?melding=/);
    const notice = page.locator('[data-message-id="code.resent.same"], [data-message-id="code.resent.new"]');
    await notice.first().waitFor();
    assert.equal(await notice.count(), 1, 'the page says the e-mail was sent again');
    assert.equal(suite.portal.mailsTo(PATIENT.email).length, 2);

    await submitCode(page, codeFrom(again));
    await expectLoggedIn(page);
  });

  test('Uitloggen goes back to the login page, and /start then sends to login', async () => {
    const page = await newPage();
    const code = await logInWithPassword(page);
    await submitCode(page, code);
    await expectLoggedIn(page);

    await page.getByRole('button', { name: 'Uitloggen', exact: true }).click();
    await page.waitForURL(/\/inloggen/);
    await expectLoginPage(page);
    await expectMessage(page, 'login.notice.loggedOut');
    assert.equal(await page.getByRole('button', { name: 'Uitloggen' }).count(), 0);

    const response = await page.goto('/start');
    assert.equal(response?.status(), 200);
    await expectLoginPage(page);
    assert.equal(await page.getByRole('button', { name: 'Uitloggen' }).count(), 0);
  });

  test('axe finds nothing serious or critical on the pages of the login', async () => {
    const problems: string[] = [];
    const check = async (page: Page, name: string) => {
      problems.push(...(await checkPage(page, name)));
    };

    const page = await newPage();
    await page.goto('/inloggen');
    await expectLoginPage(page);
    await check(page, 'axe-inloggen');

    await page.getByRole('link', { name: 'Wachtwoord vergeten?', exact: true }).click();
    await page.getByLabel('Gebruikersnaam of e-mailadres', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Verstuur', exact: true }).waitFor();
    await check(page, 'axe-wachtwoord-vergeten');

    const code = await logInWithPassword(page);
    await waitForDeliveredState(page);
    await check(page, 'axe-sessiecode');

    await submitCode(page, '12');
    await expectMessage(page, 'code.error.tooFewDigits');
    await check(page, 'axe-sessiecode-fout');

    await page.getByRole('link', { name: 'Meer informatie over sessiecode?', exact: true }).click();
    await page.waitForURL('**/sessiecode/uitleg');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await check(page, 'axe-uitleg');

    await page.goto('/sessiecode');
    await submitCode(page, code);
    await expectLoggedIn(page);
    await check(page, 'axe-start');

    await page.getByRole('link', { name: 'Mijn account', exact: true }).click();
    await page.waitForURL('**/account');
    await page.getByRole('heading', { name: 'Mijn account', level: 1 }).waitFor();
    await check(page, 'axe-account');

    await page.goto('/dev/mailbox');
    await page.getByRole('heading', { name: 'Ontwikkel-mailbox', level: 1 }).waitFor();
    assert.ok((await page.getByRole('article').count()) >= 1, 'the mailbox shows the e-mail');
    await check(page, 'axe-mailbox');

    const mobile = await newPage({ viewport: MOBILE, isMobile: true, hasTouch: true });
    await logInWithPassword(mobile);
    await waitForDeliveredState(mobile);
    await check(mobile, 'axe-sessiecode-mobiel');
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390px (overflow ${overflow}px)`);

    if (problems.length > 0) console.log(`axe violations:\n${problems.join('\n')}`);
    assert.deepEqual(problems, []);
  });

  test('without JavaScript the whole login still works', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const code = await logInWithPassword(page);
    await submitCode(page, `${code}7`);
    await expectMessage(page, 'code.error.tooManyDigits');
    await submitCode(page, code);
    await expectLoggedIn(page);
    await page.getByRole('button', { name: 'Uitloggen', exact: true }).click();
    await page.waitForURL(/\/inloggen/);
    await expectMessage(page, 'login.notice.loggedOut');
  });
});
