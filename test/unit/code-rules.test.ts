import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CODE_MAILS_PER_HOUR,
  codeMailLimit,
  currentWrongTries,
  decideResend,
  maskEmail,
  normalizeCodeInput,
  pauseSecondsAfterWrongTry,
  triesLeftOnCode,
} from '../../src/auth/sign-in/code-rules.ts';
import { ManualClock, addSeconds } from '../../src/security/clock.ts';

describe('normalizeCodeInput', () => {
  test('six digits pass as they are', () => {
    assert.deepEqual(normalizeCodeInput('012345'), { kind: 'code', code: '012345' });
  });
  test('white space anywhere is ignored: the pasted space of the help text', () => {
    assert.deepEqual(normalizeCodeInput(' 123456'), { kind: 'code', code: '123456' });
    assert.deepEqual(normalizeCodeInput('123 456\n'), { kind: 'code', code: '123456' });
    assert.deepEqual(normalizeCodeInput('\t12\u00a034 56 '), { kind: 'code', code: '123456' });
    assert.deepEqual(normalizeCodeInput('\u200b123456\ufeff'), { kind: 'code', code: '123456' });
  });
  test('full-width digits from phone keyboards become ASCII digits', () => {
    assert.deepEqual(normalizeCodeInput('１２３４５６'), { kind: 'code', code: '123456' });
  });
  test('too few, too many and other characters are told apart', () => {
    assert.deepEqual(normalizeCodeInput('12345'), { kind: 'malformed', digitCount: 5, hasOtherCharacters: false });
    assert.deepEqual(normalizeCodeInput('1234567'), { kind: 'malformed', digitCount: 7, hasOtherCharacters: false });
    assert.deepEqual(normalizeCodeInput(''), { kind: 'malformed', digitCount: 0, hasOtherCharacters: false });
    assert.deepEqual(normalizeCodeInput('12345a'), { kind: 'malformed', digitCount: 5, hasOtherCharacters: true });
    assert.deepEqual(normalizeCodeInput('123-456'), { kind: 'malformed', digitCount: 6, hasOtherCharacters: true });
  });
});

describe('wrong tries', () => {
  test('every fifth wrong try leaves no tries on the code', () => {
    assert.equal(triesLeftOnCode(0), 5);
    assert.equal(triesLeftOnCode(1), 4);
    assert.equal(triesLeftOnCode(4), 1);
    assert.equal(triesLeftOnCode(5), 5, 'a new code starts a new round of five');
  });
  test('pauses grow at 10, 15 and from 20 on', () => {
    assert.equal(pauseSecondsAfterWrongTry(5), 0);
    assert.equal(pauseSecondsAfterWrongTry(9), 0);
    assert.equal(pauseSecondsAfterWrongTry(10), 15 * 60);
    assert.equal(pauseSecondsAfterWrongTry(15), 3600);
    assert.equal(pauseSecondsAfterWrongTry(20), 6 * 3600);
    assert.equal(pauseSecondsAfterWrongTry(21), 0);
    assert.equal(pauseSecondsAfterWrongTry(25), 6 * 3600);
  });
  test('the count is forgotten after a day without a wrong try', () => {
    const clock = new ManualClock();
    const last = clock.now();
    clock.advanceSeconds(23 * 3600);
    assert.equal(currentWrongTries(7, last, clock.now()), 7);
    clock.advanceSeconds(3600);
    assert.equal(currentWrongTries(7, last, clock.now()), 0);
    assert.equal(currentWrongTries(3, null, clock.now()), 0);
  });
  test('an attacker who knows the password gets at most 35 guesses in 24 hours (≤ 1 in 28,000)', () => {
    // Simulate the fastest possible guesser against the rules: guess whenever not paused.
    let now = 0;
    let tries = 0;
    let pausedUntil = 0;
    const day = 24 * 3600;
    while (true) {
      if (now < pausedUntil) now = pausedUntil;
      if (now >= day) break;
      tries += 1;
      const pause = pauseSecondsAfterWrongTry(tries);
      if (pause > 0) pausedUntil = now + pause;
      now += 1;
    }
    assert.ok(tries <= 35, `guesses in a day: ${tries}`);
    assert.ok(tries / 1e6 <= 1 / 20_000);
  });
});

describe('decideResend', () => {
  const now = new Date('2026-11-26T10:55:00Z');
  test('the first re-send is at once and repeats a code with time left', () => {
    const decision = decideResend({ now, liveCodeExpiresAt: addSeconds(now, 300), lastResendAt: null, codeMailsLastHour: [addSeconds(now, -10)] });
    assert.deepEqual(decision, { kind: 'same_code' });
  });
  test('a code with under three minutes left is replaced', () => {
    const decision = decideResend({ now, liveCodeExpiresAt: addSeconds(now, 179), lastResendAt: null, codeMailsLastHour: [] });
    assert.deepEqual(decision, { kind: 'new_code' });
    assert.deepEqual(decideResend({ now, liveCodeExpiresAt: null, lastResendAt: null, codeMailsLastHour: [] }), { kind: 'new_code' });
  });
  test('re-sends are 30 seconds apart', () => {
    const decision = decideResend({ now, liveCodeExpiresAt: addSeconds(now, 300), lastResendAt: addSeconds(now, -10), codeMailsLastHour: [] });
    assert.deepEqual(decision, { kind: 'wait', until: addSeconds(now, 20) });
  });
  test('at most ten code e-mails an hour; the page can say when the next is possible', () => {
    const mails = Array.from({ length: CODE_MAILS_PER_HOUR }, (_, i) => addSeconds(now, -3000 + i * 60));
    const decision = decideResend({ now, liveCodeExpiresAt: null, lastResendAt: null, codeMailsLastHour: mails });
    assert.deepEqual(decision, { kind: 'hourly_limit', until: addSeconds(mails[0]!, 3600) });
    assert.equal(codeMailLimit(now, mails.slice(1)), null);
  });
});

describe('maskEmail', () => {
  test('keeps the first letter and the domain', () => {
    assert.equal(maskEmail('jan@example.nl'), 'j***@example.nl');
    assert.equal(maskEmail('x@y.nl'), 'x***@y.nl');
    assert.equal(maskEmail('nonsense'), '***');
  });
});

describe('tries counted two at a time (authenticator codes)', () => {
  test('crossing a threshold pauses and voids as landing on it would', async () => {
    const { pauseSecondsCrossing, voidsCode } = await import('../../src/auth/sign-in/code-rules.ts');
    assert.equal(pauseSecondsCrossing(8, 10), 15 * 60);
    assert.equal(pauseSecondsCrossing(9, 11), 15 * 60);
    assert.equal(pauseSecondsCrossing(14, 16), 3600);
    assert.equal(pauseSecondsCrossing(2, 4), 0);
    assert.equal(voidsCode(4, 6), true);
    assert.equal(voidsCode(5, 7), false);
  });
});

describe('countWrongTry', () => {
  test('an e-mailed code (cost 1) lands on the thresholds; an app code (cost 2) crosses them', async () => {
    const { countWrongTry } = await import('../../src/auth/sign-in/code-rules.ts');
    const now = new Date('2026-11-26T10:50:00Z');
    const recently = new Date('2026-11-26T10:49:00Z');
    assert.deepEqual(countWrongTry({ count: 4, lastWrongAt: recently }, now, 1), { wrongTries: 5, pausedUntil: null, voidsCode: true });
    assert.deepEqual(countWrongTry({ count: 9, lastWrongAt: recently }, now, 1), { wrongTries: 10, pausedUntil: new Date('2026-11-26T11:05:00Z'), voidsCode: true });
    assert.deepEqual(countWrongTry({ count: 9, lastWrongAt: recently }, now, 2), { wrongTries: 11, pausedUntil: new Date('2026-11-26T11:05:00Z'), voidsCode: true });
    assert.deepEqual(countWrongTry({ count: 9, lastWrongAt: new Date('2026-11-25T09:00:00Z') }, now, 1), { wrongTries: 1, pausedUntil: null, voidsCode: false });
  });
});
