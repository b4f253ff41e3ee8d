/**
 * The numbers the README's "Throttling" states, replayed against the real throttle in the
 * database: the fastest guesser, who tries again one second after each block ends.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { ADDRESS_POLICY, USERNAME_POLICY, addressKey, reservePasswordTry, usernameKey, type ThrottlePolicy } from '../../src/auth/password-throttle.ts';

const START = Date.parse('2026-11-26T10:50:00Z');
const DAY_MS = 24 * 3600 * 1000;

/** Every try a guesser gets in a day on one key, and the blocks met, both in seconds from the start. */
async function replayDay(database: TestDatabase, key: string, policy: ThrottlePolicy): Promise<{ tries: number[]; blocks: number[] }> {
  const tries: number[] = [];
  const blocks: number[] = [];
  let now = START;
  while (now < START + DAY_MS) {
    const result = await reservePasswordTry(database.db, [{ key, policy }], new Date(now));
    if (result.allowed) {
      tries.push((now - START) / 1000);
      now += 1000;
    } else {
      blocks.push((result.until.getTime() - now) / 1000);
      now = result.until.getTime() + 1000;
    }
  }
  return { tries, blocks };
}

for (const kind of databaseKinds()) {
  describe(`password throttle, the fastest guesser (${kind})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await openTestDatabase(kind);
    });
    after(async () => {
      await database.close();
    });

    test('one username: 5 tries at once, then blocks of 1, 2, 4, 8 and then 15 minutes; about 100 tries a day', async () => {
      const { tries, blocks } = await replayDay(database, usernameKey('jan'), USERNAME_POLICY);
      // 5 quick tries, then one after each block: 1, 2, 4 and 8 minutes.
      assert.deepEqual(tries.filter((at) => at < 908), [0, 1, 2, 3, 4, 65, 186, 427]);
      // The count does not start over within the day: from then on every block is the 15-minute cap.
      assert.equal(tries[8], 908);
      assert.equal(tries[9], 908 + 15 * 60 + 1);
      assert.ok(blocks.slice(4).every((seconds) => seconds === 15 * 60 - 1), 'every later block is 15 minutes');
      assert.equal(Math.max(...blocks), 15 * 60 - 1, 'no block is longer than 15 minutes');
      assert.ok(tries.length >= 100 && tries.length <= 106, `tries in a day: ${tries.length}`);
    });

    test('one address: 30 tries at once, then blocks of 5, 10, 20 and 40 minutes; 33 tries per 76 minutes, about 650 a day', async () => {
      const { tries, blocks } = await replayDay(database, addressKey('192.0.2.7'), ADDRESS_POLICY);
      const firstRound = tries.filter((at) => at < 4533);
      assert.equal(firstRound.length, 33);
      assert.deepEqual(firstRound.slice(29), [29, 330, 931, 2132]);
      assert.equal(tries[33], 4533, 'the hour has passed: the count starts over');
      assert.equal(Math.max(...blocks), 40 * 60 - 1, 'the 60-minute cap is never reached');
      assert.ok(tries.length >= 650 && tries.length <= 660, `tries in a day: ${tries.length}`);
    });
  });
}
