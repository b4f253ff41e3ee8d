import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BODY_MAX,
  MAX_NEW_PER_DAY,
  MAX_WAITING_THREADS,
  SUBJECT_MAX,
  answerSendsNews,
  checkQuestion,
  newQuestionRefusal,
  statusAfterAnswer,
  windowStart,
} from '../../src/services/consults/consult-rules.ts';
import { textLength } from '../../src/services/text.ts';

describe('e-consult: typed text', () => {
  test('a subject is one trimmed line; a body keeps its lines as \\n (cleanTypedText, tested in typed-text.test.ts)', () => {
    const result = checkQuestion({ subject: '  Vraag over\r\n griepprik\t ', body: '\r\nRegel 1\r\nRegel 2\rRegel 3\n\n' });
    assert.deepEqual(result, { ok: true, subject: 'Vraag over griepprik', body: 'Regel 1\nRegel 2\nRegel 3' });
  });

  test('control, bidirectional and zero-width characters are removed before the rules count', () => {
    const result = checkQuestion({ subject: 'Vraag\u202Eover\u200B pillen', body: 'a\u0000b\u0007c\td\ne\u007f' });
    assert.deepEqual(result, { ok: true, subject: 'Vraagover pillen', body: 'abc d\ne' });
    const invisible = checkQuestion({ subject: '\u200B\u2066\uFEFF', body: 'x' });
    assert.deepEqual(!invisible.ok && invisible.errors, [{ field: 'subject', problem: 'empty' }], 'nothing visible is nothing');
  });

  test('length is counted in characters as the database counts them: an emoji is one', () => {
    assert.equal(textLength('😷'), 1);
    assert.equal('😷'.length, 2);
    const subject = '😷'.repeat(SUBJECT_MAX);
    assert.ok(checkQuestion({ subject, body: 'x' }).ok, '100 emoji are 100 characters');
  });

  test('both fields are required, after trimming', () => {
    const result = checkQuestion({ subject: '   ', body: '\r\n \n' });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.errors, [
      { field: 'subject', problem: 'empty' },
      { field: 'body', problem: 'empty' },
    ]);
  });

  test('the limits are exact: 100 and 2000 characters pass, one more does not', () => {
    assert.ok(checkQuestion({ subject: 'a'.repeat(SUBJECT_MAX), body: 'b'.repeat(BODY_MAX) }).ok);
    const tooLong = checkQuestion({ subject: 'a'.repeat(SUBJECT_MAX + 1), body: 'b'.repeat(BODY_MAX + 1) });
    assert.deepEqual(!tooLong.ok && tooLong.errors, [
      { field: 'subject', problem: 'too_long' },
      { field: 'body', problem: 'too_long' },
    ]);
  });

  test("a browser's CRLF line ends do not count double: 1000 lines of one letter fit in 2000", () => {
    const typed = Array.from({ length: 1000 }, () => 'a').join('\r\n');
    assert.equal(typed.length, 2998);
    const result = checkQuestion({ subject: 'Regels', body: typed });
    assert.ok(result.ok);
    assert.equal(result.ok && textLength(result.body), 1999);
  });
});

describe('e-consult: limits and status', () => {
  test('at most 3 questions wait at a time, at most 5 are asked in 24 hours', () => {
    assert.equal(newQuestionRefusal({ waiting: MAX_WAITING_THREADS - 1, askedInWindow: MAX_NEW_PER_DAY - 1 }), null);
    assert.equal(newQuestionRefusal({ waiting: MAX_WAITING_THREADS, askedInWindow: 0 }), 'too_many_waiting');
    assert.equal(newQuestionRefusal({ waiting: 0, askedInWindow: MAX_NEW_PER_DAY }), 'too_many_today');
  });

  test('the 24-hour window ends now and starts exactly 24 hours before', () => {
    assert.equal(windowStart(new Date('2026-11-26T10:00:00Z')).toISOString(), '2026-11-25T10:00:00.000Z');
  });

  test('an answer settles the thread only if its writer saw every message of the patient', () => {
    assert.equal(statusAfterAnswer({ seenCount: 3, newestPatientSeq: 3 }), 'answered');
    assert.equal(statusAfterAnswer({ seenCount: 3, newestPatientSeq: 0 }), 'answered', 'only a colleague wrote meanwhile');
    assert.equal(statusAfterAnswer({ seenCount: 3, newestPatientSeq: 4 }), 'waiting_for_practice');
  });

  test('one news mail per batch of unread answers', () => {
    assert.equal(answerSendsNews({ lastStaffSeq: 0, patientReadSeq: 1 }), true, 'the first answer');
    assert.equal(answerSendsNews({ lastStaffSeq: 2, patientReadSeq: 1 }), false, 'the patient has not read the previous answer yet');
    assert.equal(answerSendsNews({ lastStaffSeq: 2, patientReadSeq: 3 }), true, 'the patient read everything before');
  });
});
