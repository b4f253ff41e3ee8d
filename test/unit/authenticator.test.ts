import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  authenticatorCodeAt,
  authenticatorUri,
  newAuthenticatorSecret,
  sealAuthenticatorSecret,
  unsealAuthenticatorSecret,
  verifyAuthenticatorCode,
} from '../../src/security/authenticator.ts';
import { Keyring, secureRandom } from '../../src/security/primitives.ts';

describe('authenticator codes (TOTP)', () => {
  const secret = newAuthenticatorSecret(secureRandom);
  const now = new Date('2026-11-26T10:50:10Z');

  test('a 160-bit secret in base32 and an otpauth address for the app', () => {
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.match(authenticatorUri(secret, 'sanne'), /^otpauth:\/\/totp\/Praktijkportaal:sanne\?/);
  });

  test('the code of now and of the step before are accepted; the next step is not', () => {
    assert.notEqual(verifyAuthenticatorCode(secret, authenticatorCodeAt(secret, now), now, null), null);
    assert.notEqual(verifyAuthenticatorCode(secret, authenticatorCodeAt(secret, new Date(now.getTime() - 30_000)), now, null), null);
    assert.equal(verifyAuthenticatorCode(secret, authenticatorCodeAt(secret, new Date(now.getTime() + 30_000)), now, null), null);
    assert.equal(verifyAuthenticatorCode(secret, authenticatorCodeAt(secret, new Date(now.getTime() - 90_000)), now, null), null);
  });

  test('a used step is refused: no replay', () => {
    const step = verifyAuthenticatorCode(secret, authenticatorCodeAt(secret, now), now, null);
    assert.ok(step !== null);
    assert.equal(verifyAuthenticatorCode(secret, authenticatorCodeAt(secret, now), now, step), null);
  });

  test('garbage is refused', () => {
    assert.equal(verifyAuthenticatorCode(secret, '12345', now, null), null);
    assert.equal(verifyAuthenticatorCode(secret, 'abcdef', now, null), null);
  });

  test('the secret is sealed per account', () => {
    const keyring = new Keyring('k'.repeat(32));
    const sealed = sealAuthenticatorSecret(keyring, 'a', secret);
    assert.ok(!sealed.includes(secret));
    assert.equal(unsealAuthenticatorSecret(keyring, 'a', sealed), secret);
    assert.throws(() => unsealAuthenticatorSecret(keyring, 'b', sealed));
  });
});
