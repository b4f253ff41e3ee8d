import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkNewPassword, passwordLengthProblem } from '../../src/accounts/password-rules.ts';

const KEES = { username: 'kees', email: 'k.jansen@example.nl', displayName: 'Kees Jansen' };

describe('checkNewPassword', () => {
  for (const password of ['wachtwoord1', 'welkom123', 'voetbal2024', 'password1', 'qwerty123']) {
    test(`a common or guessable password is refused: ${password}`, () => {
      const result = checkNewPassword(password, KEES);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.ok(['common', 'guessable'].includes(result.problem), result.problem);
        assert.ok(result.suggestions.length > 0, 'a refusal always comes with a tip');
      }
    });
  }

  test('a long passphrase is accepted and called strong', () => {
    assert.deepEqual(checkNewPassword('fiets lamp regen kaas', KEES), { ok: true, hint: 'strong' });
  });

  test('no composition rules: lower case words without digits pass', () => {
    assert.equal(checkNewPassword('mijn-nieuwe-wachtwoord', KEES).ok, true);
  });

  test('7 characters are too short, 8 are not; 128 are allowed, 129 are too long', () => {
    assert.deepEqual(checkNewPassword('a8#kq2z', KEES), { ok: false, problem: 'tooShort', warning: null, suggestions: [] });
    assert.equal(checkNewPassword('a8#kq2zM', KEES).ok, true);
    const words = 'zee duin fiets lamp regen kaas molen ';
    const long = words.repeat(4).slice(0, 128);
    assert.equal([...long].length, 128);
    assert.equal(checkNewPassword(long, KEES).ok, true);
    assert.equal(checkNewPassword(`${long}x`, KEES).ok, false);
    assert.equal(passwordLengthProblem(`${long}x`), 'tooLong');
  });

  test('length counts characters, not UTF-16 units', () => {
    assert.equal(passwordLengthProblem('zoë😀😀😀😀'), 'tooShort');
  });

  test('a password with the username or the e-mail local part inside is refused', () => {
    const withName = checkNewPassword('ik-ben-KEES-de-fietser', KEES);
    assert.equal(withName.ok, false);
    if (!withName.ok) assert.equal(withName.problem, 'containsName');
    const withMail = checkNewPassword('zomer-k.jansen-fiets', KEES);
    assert.equal(withMail.ok, false);
    if (!withMail.ok) assert.equal(withMail.problem, 'containsName');
  });

  test('the demo and test passwords still pass', () => {
    assert.equal(checkNewPassword('linde-demo-2026', { username: 'jan', email: 'jan.devries@example.nl', displayName: 'Jan de Vries' }).ok, true);
    assert.equal(checkNewPassword('linde-assistent-2026', { username: 'sanne', email: 'sanne@de-linde.example', displayName: 'Sanne Bakker' }).ok, true);
    assert.equal(checkNewPassword('correct-horse-battery', { username: 'jan', email: 'jan@example.nl', displayName: 'Jan de Vries' }).ok, true);
  });
});
