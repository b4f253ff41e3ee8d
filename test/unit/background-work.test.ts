import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BackgroundWork } from '../../src/http/background-work.ts';

describe('BackgroundWork', () => {
  test('idle() waits for every task, also one started while waiting; a failure goes to its handler', async () => {
    const work = new BackgroundWork();
    const done: string[] = [];
    const errors: unknown[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    work.start(async () => {
      await gate;
      done.push('first');
      // Started by a task that is itself being waited for.
      work.start(async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        done.push('second');
      }, (error) => errors.push(error));
    }, (error) => errors.push(error));
    work.start(() => Promise.reject(new Error('lookup failed')), (error) => errors.push(error));

    let idle = false;
    const waiting = work.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(idle, false, 'not idle while a task waits');
    release();
    await waiting;
    assert.deepEqual(done, ['first', 'second']);
    assert.deepEqual(errors.map((error) => (error as Error).message), ['lookup failed']);
  });

  test('a task that throws at once does not reach the caller, and a throwing handler stops nothing', async () => {
    const work = new BackgroundWork();
    assert.doesNotThrow(() =>
      work.start(
        () => {
          throw new Error('at once');
        },
        () => {
          throw new Error('handler too');
        },
      ),
    );
    await work.idle();
  });
});
