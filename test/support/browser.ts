/**
 * Browser tests: the portal built in-process and listening on a free loopback port, Debian's
 * Chromium through playwright-core, fresh contexts in Dutch, axe-core, screenshots, and the steps
 * every browser test takes (the password step, the code, waiting for a message).
 *
 * Controls are found only by label, role and name; messages by their `data-message-id`.
 */
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { Clock } from '../../src/security/clock.ts';
import type { TestDatabase } from './database.ts';
import { codeFrom, mailSettled, startTestPortal, type TestPortal } from './portal.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const DESKTOP = { width: 1000, height: 800 };
export const MOBILE = { width: 390, height: 844 };

export const screenshotDir = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/** A port nobody listens on right now: bind port 0, read it, let it go. */
export async function freePort(): Promise<number> {
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

export const message = (page: Page, messageId: string) => page.locator(`[data-message-id="${messageId}"]`);

/** The `data-message-id`s on the page that start with `prefix`, in page order. */
export async function messageIdsOn(page: Page, prefix: string): Promise<string[]> {
  const ids = await page.locator('[data-message-id]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-message-id') ?? ''));
  return ids.filter((id) => id.startsWith(prefix));
}

/** Waits until the message is shown; fails with the ids that are on the page instead. */
export async function expectMessage(page: Page, messageId: string): Promise<void> {
  try {
    await message(page, messageId).first().waitFor({ state: 'visible', timeout: 5000 });
  } catch {
    assert.fail(`expected message ${messageId} on ${page.url()}, found ${JSON.stringify(await messageIdsOn(page, ''))}`);
  }
}

/** Types `code` into the session-code field and presses Doorgaan. */
export async function submitCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Sessiecode', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Doorgaan', exact: true }).click();
}

/** A full-page screenshot in test-artifacts/screenshots/`name`.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** axe with the WCAG tags the portal promises. */
export function runAxe(page: Page) {
  return new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
}

/**
 * Screenshot (`name`.png unless another file name is given), then axe: asserts that axe ran and
 * returns the serious and critical violations, one line each, for the test to collect and assert
 * on at the end.
 */
export async function checkPage(page: Page, name: string, screenshotName = name): Promise<string[]> {
  await screenshot(page, screenshotName);
  const results = await runAxe(page);
  assert.ok(results.passes.length > 0, `axe ran on ${name}`);
  const problems: string[] = [];
  for (const violation of results.violations) {
    if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
    const targets = violation.nodes.map((node) => node.target.join(' ')).join(', ');
    problems.push(`${name}: [${violation.impact}] ${violation.id} – ${violation.help} (${targets})`);
  }
  return problems;
}

export interface BrowserPortalOptions {
  /** Shared with the portal, so a test can move time without sleeping. */
  readonly clock: Clock;
  /** Opens the database to run the portal on (closed after the portal); without it, the portal's own PGlite. */
  readonly database?: () => Promise<TestDatabase | undefined>;
}

export interface BrowserPortal {
  readonly portal: TestPortal;
  /** `http://127.0.0.1:<port>`: where the portal listens, and its public URL. */
  readonly baseUrl: string;
  /** A fresh browser context (no cookies) in Dutch, with one page; closed after each test. */
  readonly newPage: (options?: BrowserContextOptions) => Promise<Page>;
  /** Password step at `door`; returns the code of the e-mail it sent, once the worker has recorded it. */
  readonly passwordStep: (page: Page, door: '/inloggen' | '/praktijk', user: { username: string; password: string; email: string }) => Promise<string>;
}

/**
 * Registers the suite's hooks: before its tests, a portal listening on a free port and Chromium;
 * after each test, its browser contexts are closed; after the suite, everything is.
 * Call it inside `describe`.
 */
export function useBrowserPortal(options: BrowserPortalOptions): BrowserPortal {
  let portal: TestPortal | undefined;
  let browser: Browser | undefined;
  let database: TestDatabase | undefined;
  let baseUrl = '';
  const contexts: BrowserContext[] = [];
  const started = () => {
    if (portal === undefined || browser === undefined) throw new Error('the browser portal is not started');
    return { portal, browser };
  };
  const closeContexts = () => Promise.all(contexts.splice(0).map((context) => context.close()));

  before(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const [startedPortal, launched] = await Promise.allSettled([
      (async () => {
        database = await options.database?.();
        return startTestPortal({ clock: options.clock, config: { publicUrl: new URL(baseUrl) }, ...(database === undefined ? {} : { database }) });
      })(),
      chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS }),
    ]);
    if (startedPortal.status === 'rejected' || launched.status === 'rejected') {
      // Close what did start, or its open handles keep the test process alive for ever.
      if (startedPortal.status === 'fulfilled') await startedPortal.value.close();
      if (launched.status === 'fulfilled') await launched.value.close();
      await database?.close();
      if (startedPortal.status === 'rejected') throw startedPortal.reason;
      throw new Error(`browser tests need Debian's chromium at /usr/bin/chromium (.ci/run installs it): ${String((launched as PromiseRejectedResult).reason)}`);
    }
    portal = startedPortal.value;
    browser = launched.value;
    await portal.app.listen({ port, host: '127.0.0.1' });
  });

  afterEach(async () => {
    await closeContexts();
  });

  after(async () => {
    await closeContexts();
    await browser?.close();
    await portal?.close();
    await database?.close();
  });

  return {
    get portal() {
      return started().portal;
    },
    get baseUrl() {
      return baseUrl;
    },
    newPage: async (contextOptions = {}) => {
      const context = await started().browser.newContext({ baseURL: baseUrl, locale: 'nl-NL', viewport: DESKTOP, ...contextOptions });
      contexts.push(context);
      context.setDefaultTimeout(10_000);
      context.setDefaultNavigationTimeout(10_000);
      return context.newPage();
    },
    passwordStep: async (page, door, user) => {
      const { portal: running } = started();
      await page.goto(door);
      await page.getByLabel('Gebruikersnaam', { exact: true }).fill(user.username);
      await page.getByLabel('Wachtwoord', { exact: true }).fill(user.password);
      const mailsBefore = running.mailsTo(user.email).length;
      await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
      await page.waitForURL('**/sessiecode');
      const code = codeFrom(await running.nextMail(user.email, { after: mailsBefore }));
      await mailSettled(running);
      return code;
    },
  };
}
