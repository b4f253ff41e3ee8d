/**
 * The rules of appointments without a database: Amsterdam wall-clock time (summer, winter and
 * the two nights the clock moves), which series of times may be published, the reason field, and
 * the cancellation window at its edge. Time is passed in; nothing sleeps.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, amsterdamDate, amsterdamInstant, formatDay, isoWeekday, parseClockTime, parseIsoDate } from '../../src/services/appointments/amsterdam-time.ts';
import {
  MAX_SLOTS_PER_SERIES,
  REASON_MAX,
  bookingWindow,
  cancelDeadline,
  dayViewDate,
  firstOverlap,
  parseReason,
  patientMayCancel,
  planSeries,
  type SeriesForm,
} from '../../src/services/appointments/appointment-rules.ts';

const DOCTOR = '11111111-1111-4111-8111-111111111111';
const NOW = new Date('2026-11-26T10:50:00Z'); // Thursday 11:50 in Amsterdam

const form = (overrides: Partial<SeriesForm> = {}): SeriesForm => ({ doctorAccountId: DOCTOR, date: '2026-12-01', from: '08:30', to: '11:30', length: '15', ...overrides });

function errorIds(result: ReturnType<typeof planSeries>): string[] {
  return result.ok ? [] : result.errors.map((error) => `${error.field}:${error.id}`);
}

describe('Amsterdam wall-clock time', () => {
  test('winter is UTC+1, summer UTC+2', () => {
    assert.equal(amsterdamInstant('2026-12-01', 8 * 60 + 30)?.toISOString(), '2026-12-01T07:30:00.000Z');
    assert.equal(amsterdamInstant('2027-07-06', 8 * 60 + 30)?.toISOString(), '2027-07-06T06:30:00.000Z');
  });

  test('the spring night: 02:30 does not exist; before and after the jump are an hour apart in real time', () => {
    assert.equal(amsterdamInstant('2027-03-28', 2 * 60 + 30), null);
    assert.equal(amsterdamInstant('2027-03-28', 1 * 60 + 59)?.toISOString(), '2027-03-28T00:59:00.000Z');
    assert.equal(amsterdamInstant('2027-03-28', 3 * 60)?.toISOString(), '2027-03-28T01:00:00.000Z');
    assert.equal(amsterdamInstant('2027-03-28', 9 * 60)?.toISOString(), '2027-03-28T07:00:00.000Z');
  });

  test('the autumn night: 02:30 happens twice; the first one is taken', () => {
    assert.equal(amsterdamInstant('2026-10-25', 2 * 60 + 30)?.toISOString(), '2026-10-25T00:30:00.000Z');
    assert.equal(amsterdamInstant('2026-10-25', 9 * 60)?.toISOString(), '2026-10-25T08:00:00.000Z');
  });

  test('midnight at the end of the day (24:00) is the next midnight', () => {
    assert.equal(amsterdamInstant('2026-12-31', 24 * 60)?.toISOString(), '2026-12-31T23:00:00.000Z');
  });

  test('dates and clock times are checked', () => {
    assert.equal(parseIsoDate('2026-02-30'), null);
    assert.equal(parseIsoDate('2026-2-3'), null);
    assert.deepEqual(parseIsoDate('2028-02-29'), { year: 2028, month: 2, day: 29 });
    assert.equal(parseClockTime('24:00'), null);
    assert.equal(parseClockTime('8:30'), null);
    assert.equal(parseClockTime('08:30'), 510);
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(isoWeekday('2026-11-29'), 7);
    assert.equal(amsterdamDate(new Date('2026-11-26T23:30:00Z')), '2026-11-27', 'half past midnight in Amsterdam is the next day');
    assert.equal(formatDay(new Date('2026-12-01T09:15:00Z'), 'nl'), 'dinsdag 1 december');
    assert.equal(formatDay(new Date('2026-12-01T09:15:00Z'), 'en'), 'Tuesday 1 December');
  });
});

describe('publishing a series of times', () => {
  test('08:30 to 11:30 every 15 minutes: 12 times, in winter time', () => {
    const result = planSeries(form(), NOW, [DOCTOR]);
    assert.ok(result.ok);
    assert.equal(result.slots.length, 12);
    assert.equal(result.slots[0]!.startsAt.toISOString(), '2026-12-01T07:30:00.000Z');
    assert.equal(result.slots[11]!.endsAt.toISOString(), '2026-12-01T10:30:00.000Z');
  });

  test('in summer the same clock times are an hour earlier in UTC', () => {
    const result = planSeries(form({ date: '2027-07-06', length: '30' }), NOW, [DOCTOR]);
    assert.ok(result.ok);
    assert.deepEqual(
      result.slots.map((slot) => slot.startsAt.toISOString().slice(11, 16)),
      ['06:30', '07:00', '07:30', '08:00', '08:30', '09:00'],
    );
  });

  test('a day where the clock moves is fine by day, refused across the night jump', () => {
    const day = planSeries(form({ date: '2027-03-28', from: '09:00', to: '10:00' }), NOW, [DOCTOR]);
    assert.ok(day.ok);
    assert.equal(day.slots[0]!.startsAt.toISOString(), '2027-03-28T07:00:00.000Z');
    assert.deepEqual(errorIds(planSeries(form({ date: '2027-03-28', from: '01:00', to: '04:00' }), NOW, [DOCTOR])), ['from:appointments.error.clockChange']);
    assert.deepEqual(errorIds(planSeries(form({ date: '2027-10-31', from: '01:30', to: '03:30', length: '30' }), NOW, [DOCTOR])), ['from:appointments.error.clockChange']);
  });

  test('a last time that does not fit is left out', () => {
    const result = planSeries(form({ from: '08:00', to: '08:50', length: '20' }), NOW, [DOCTOR]);
    assert.ok(result.ok);
    assert.equal(result.slots.length, 2);
  });

  test('every wrong field is named at once', () => {
    assert.deepEqual(errorIds(planSeries(form({ doctorAccountId: 'x', date: '2026-02-30', from: '8.30', to: '', length: '25' }), NOW, [DOCTOR])), [
      'doctor:appointments.error.doctor',
      'date:appointments.error.date',
      'from:appointments.error.time',
      'to:appointments.error.time',
      'length:appointments.error.length',
    ]);
  });

  test('order, too short, too many, too far ahead, in the past', () => {
    assert.deepEqual(errorIds(planSeries(form({ from: '10:00', to: '09:00' }), NOW, [DOCTOR])), ['to:appointments.error.order']);
    assert.deepEqual(errorIds(planSeries(form({ from: '10:00', to: '10:10' }), NOW, [DOCTOR])), ['to:appointments.error.tooShort']);
    const tooMany = planSeries(form({ from: '07:00', to: '17:20', length: '10' }), NOW, [DOCTOR]);
    assert.deepEqual(errorIds(tooMany), ['to:appointments.error.tooMany']);
    assert.equal(!tooMany.ok && tooMany.errors[0]!.params?.['max'], String(MAX_SLOTS_PER_SERIES));
    assert.ok(planSeries(form({ from: '07:00', to: '17:00', length: '10' }), NOW, [DOCTOR]).ok, 'exactly 60 is allowed');
    assert.deepEqual(errorIds(planSeries(form({ date: '2028-01-01' }), NOW, [DOCTOR])), ['date:appointments.error.dateFar']);
    // Today at 11:50 in Amsterdam: 11:45 has passed, 12:00 has not.
    assert.deepEqual(errorIds(planSeries(form({ date: '2026-11-26', from: '11:45', to: '12:30' }), NOW, [DOCTOR])), ['from:appointments.error.past']);
    assert.ok(planSeries(form({ date: '2026-11-26', from: '12:00', to: '12:30' }), NOW, [DOCTOR]).ok);
    assert.deepEqual(errorIds(planSeries(form({ date: '2026-11-25' }), NOW, [DOCTOR])), ['from:appointments.error.past']);
  });

  test('overlap: touching times are fine, sharing a minute is not', () => {
    const at = (from: string, to: string) => ({ startsAt: new Date(from), endsAt: new Date(to) });
    const existing = [at('2026-12-01T08:00:00Z', '2026-12-01T08:15:00Z')];
    assert.equal(firstOverlap([at('2026-12-01T07:45:00Z', '2026-12-01T08:00:00Z'), at('2026-12-01T08:15:00Z', '2026-12-01T08:30:00Z')], existing), undefined);
    const clash = at('2026-12-01T08:10:00Z', '2026-12-01T08:20:00Z');
    assert.equal(firstOverlap([at('2026-12-01T07:45:00Z', '2026-12-01T08:00:00Z'), clash], existing), clash);
  });
});

describe('the day the console shows', () => {
  test('a real date from 2000 to 2100; anything else is none (and so never reaches addDays or amsterdamDay)', () => {
    assert.equal(dayViewDate('2026-11-30'), '2026-11-30');
    assert.equal(dayViewDate('2000-01-01'), '2000-01-01');
    assert.equal(dayViewDate('2100-12-31'), '2100-12-31');
    for (const text of ['9999-12-31', '1999-12-31', '2101-01-01', '2026-02-30', '2026-13-01', '', 'morgen', '+010000-01-01', ' 2026-11-30']) {
      assert.equal(dayViewDate(text), null, text);
    }
  });
});

describe('the reason a patient may type', () => {
  test('trimmed, one line, empty is none, at most 200 characters', () => {
    assert.deepEqual(parseReason('   '), { ok: true, reason: null });
    assert.deepEqual(parseReason('  Controle\r\n bloeddruk\t'), { ok: true, reason: 'Controle bloeddruk' });
    assert.deepEqual(parseReason('é'.repeat(REASON_MAX)), { ok: true, reason: 'é'.repeat(REASON_MAX) });
    assert.deepEqual(parseReason('a'.repeat(REASON_MAX + 1)), { ok: false, id: 'appointments.error.reasonLength' });
  });

  test('cleaned like every typed text: no NUL, no bidirectional override, no zero-width space; an emoji is one', () => {
    assert.deepEqual(parseReason('Con\u0000trole\u202E bloed\u200Bdruk'), { ok: true, reason: 'Controle bloeddruk' });
    assert.deepEqual(parseReason('\u200B\u2067 \uFEFF'), { ok: true, reason: null });
    assert.deepEqual(parseReason('🤒'.repeat(REASON_MAX)), { ok: true, reason: '🤒'.repeat(REASON_MAX) });
    assert.deepEqual(parseReason('e\u0301'), { ok: true, reason: '\u00E9' }, 'NFC: one character, as stored');
  });
});

describe('cancelling online until the window before the start', () => {
  const start = new Date('2026-12-01T09:15:00Z');

  test('24 hours: allowed at the deadline itself, not a second after', () => {
    assert.equal(cancelDeadline(start, 24).toISOString(), '2026-11-30T09:15:00.000Z');
    assert.equal(patientMayCancel(start, new Date('2026-11-30T09:15:00Z'), 24), true);
    assert.equal(patientMayCancel(start, new Date('2026-11-30T09:15:01Z'), 24), false);
  });

  test('0 hours: until the appointment starts', () => {
    assert.equal(patientMayCancel(start, new Date('2026-12-01T09:14:59Z'), 0), true);
    assert.equal(patientMayCancel(start, start, 0), false);
  });

  test('patients see free times until midnight after the 14th day', () => {
    const window = bookingWindow(NOW);
    assert.equal(window.from, NOW);
    assert.equal(window.until.toISOString(), '2026-12-09T23:00:00.000Z');
  });
});
