import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { localeFromAcceptLanguage } from '../../src/i18n/locale.ts';
import { blockSecondsAfterFailure, USERNAME_POLICY } from '../../src/auth/password-throttle.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'pp-config-'));

describe('configuration', () => {
  test('defaults follow the contract', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.publicUrl.toString(), 'http://localhost:3000/');
    assert.equal(config.sessionCodeTtlSeconds, 600);
    assert.equal(config.mailFrom, 'Praktijkportaal <no-reply@localhost>');
    assert.ok(config.secret.length >= 32, 'a development secret is generated');
  });
  test('the generated development secret is kept', () => {
    const dir = dataDir();
    assert.equal(loadConfig({ DATA_DIR: dir }).secret, loadConfig({ DATA_DIR: dir }).secret);
  });
  test('a bad value names the variable', () => {
    assert.throws(() => loadConfig({ DATA_DIR: dataDir(), PORT: 'abc' }), (error: Error) => error instanceof ConfigError && /PORT/.test(error.message));
    assert.throws(() => loadConfig({ DATA_DIR: dataDir(), SECRET: 'short' }), /SECRET/);
    assert.throws(() => loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
  });
  test('production refuses unsafe settings and says which', () => {
    assert.throws(
      () => loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'production' }),
      (error: Error) => /DATABASE_URL/.test(error.message) && /SMTP_URL/.test(error.message) && /SECRET/.test(error.message) && /https/.test(error.message),
    );
    const ok = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://x@db/portal',
      SMTP_URL: 'smtps://u:p@relay:465',
      SECRET: 'x'.repeat(40),
      PUBLIC_URL: 'https://portaal.example.nl',
    });
    assert.equal(ok.production, true);
  });
});

describe('language choice', () => {
  test('Dutch unless English is preferred', () => {
    assert.equal(localeFromAcceptLanguage(undefined), 'nl');
    assert.equal(localeFromAcceptLanguage('en-GB,en;q=0.9'), 'en');
    assert.equal(localeFromAcceptLanguage('nl-NL,en;q=0.5'), 'nl');
    assert.equal(localeFromAcceptLanguage('de-DE'), 'nl');
    assert.equal(localeFromAcceptLanguage('de,en;q=0.8,nl;q=0.9'), 'nl');
  });
});

describe('password throttle', () => {
  test('five free failures, then doubling blocks capped at 15 minutes', () => {
    assert.equal(blockSecondsAfterFailure(USERNAME_POLICY, 4), 0);
    assert.equal(blockSecondsAfterFailure(USERNAME_POLICY, 5), 60);
    assert.equal(blockSecondsAfterFailure(USERNAME_POLICY, 6), 120);
    assert.equal(blockSecondsAfterFailure(USERNAME_POLICY, 20), 900);
  });
});
