/** The rules of a repeat-prescription request: transitions, what one request may hold, the forms. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALLOWED_FROM,
  MEDICINES_PER_REQUEST_MAX,
  OPEN_REQUESTS_MAX,
  PRESCRIPTION_STATUSES,
  READY_NEWS_DAYS,
  STAFF_TARGETS,
  TYPED_LINES_MAX,
  canMove,
  checkMedicationName,
  checkRejectionReason,
  checkRequest,
  isFinal,
  isOpen,
  newsSince,
  nextTargets,
  statusLineIds,
  type RequestForm,
} from '../../src/services/prescriptions/prescriptions.rules.ts';
import { messagesFor } from '../../src/i18n/messages.ts';

const ACTIVE = [
  { id: '11111111-1111-4111-8111-111111111111', name: 'Omeprazol 20 mg maagsapresistente capsule' },
  { id: '22222222-2222-4222-8222-222222222222', name: 'Metformine 500 mg tablet' },
];
const form = (overrides: Partial<RequestForm> = {}): RequestForm => ({ medicationIds: [], typedLines: [], pharmacy: 'Apotheek De Linde', remark: '', ...overrides });
const errorIds = (result: ReturnType<typeof checkRequest>) => (result.ok ? [] : result.errors.map((error) => `${error.field}:${error.id}`));

describe('status transitions', () => {
  test('requested → in_progress → ready | rejected, or requested → ready | rejected; ready and rejected are final', () => {
    const allowed = PRESCRIPTION_STATUSES.flatMap((from) => STAFF_TARGETS.filter((to) => canMove(from, to)).map((to) => `${from}→${to}`));
    assert.deepEqual(allowed.sort(), ['in_progress→ready', 'in_progress→rejected', 'requested→in_progress', 'requested→ready', 'requested→rejected'].sort());
    assert.deepEqual(nextTargets('ready'), []);
    assert.deepEqual(nextTargets('rejected'), []);
    assert.deepEqual(nextTargets('in_progress'), ['ready', 'rejected']);
    assert.deepEqual(nextTargets('requested'), ['in_progress', 'ready', 'rejected']);
    assert.equal(canMove('in_progress', 'in_progress'), false, 'in behandeling twice is a conflict, not a second change');
  });

  test('open and final statuses do not overlap', () => {
    for (const status of PRESCRIPTION_STATUSES) assert.notEqual(isOpen(status), isFinal(status), status);
    for (const target of STAFF_TARGETS) for (const from of ALLOWED_FROM[target]) assert.ok(isOpen(from), `${from} → ${target} starts open`);
  });
});

describe('a new request with repeat medication kept by the practice', () => {
  test('the ticked lines, in the order of the list, with their names', () => {
    const result = checkRequest(form({ medicationIds: [ACTIVE[1]!.id, ACTIVE[0]!.id, ACTIVE[1]!.id], remark: '  Ik ga op vakantie.\r\nGraag snel.  ' }), ACTIVE);
    assert.ok(result.ok);
    assert.deepEqual(result.request.items, [
      { medicationId: ACTIVE[0]!.id, name: ACTIVE[0]!.name },
      { medicationId: ACTIVE[1]!.id, name: ACTIVE[1]!.name },
    ]);
    assert.equal(result.request.remark, 'Ik ga op vakantie.\nGraag snel.');
    assert.equal(result.request.pharmacy, 'Apotheek De Linde');
  });

  test('nothing ticked, a line that ended, typed lines, or more than 10 are refused', () => {
    assert.deepEqual(errorIds(checkRequest(form(), ACTIVE)), ['medicines:prescriptions.error.noMedicine']);
    assert.deepEqual(errorIds(checkRequest(form({ medicationIds: ['33333333-3333-4333-8333-333333333333'] }), ACTIVE)), ['medicines:prescriptions.error.medicineEnded']);
    assert.deepEqual(errorIds(checkRequest(form({ typedLines: ['Paracetamol 500 mg'] }), ACTIVE)), ['medicines:prescriptions.error.chooseFromList']);
    const many = Array.from({ length: MEDICINES_PER_REQUEST_MAX + 1 }, (_, index) => ({ id: `id-${index}`, name: `Medicijn ${index}` }));
    assert.deepEqual(errorIds(checkRequest(form({ medicationIds: many.map((line) => line.id) }), many)), ['medicines:prescriptions.error.tooManyMedicines']);
    assert.ok(checkRequest(form({ medicationIds: many.slice(0, MEDICINES_PER_REQUEST_MAX).map((line) => line.id) }), many).ok, 'exactly 10 is fine');
  });
});

describe('a new request without repeat medication: typed lines', () => {
  test('up to 5 non-empty lines, trimmed, white space made one space', () => {
    const result = checkRequest(form({ typedLines: ['  Omeprazol   20 mg ', '', '\tMetformine 500 mg'] }), []);
    assert.ok(result.ok);
    assert.deepEqual(result.request.items, [
      { medicationId: null, name: 'Omeprazol 20 mg' },
      { medicationId: null, name: 'Metformine 500 mg' },
    ]);
    assert.equal(result.request.remark, null);
  });

  test('none, too many, too long, or a ticked id when there is no list are refused', () => {
    assert.deepEqual(errorIds(checkRequest(form({ typedLines: ['', '   '] }), [])), ['medicines:prescriptions.error.noTypedMedicine']);
    assert.deepEqual(errorIds(checkRequest(form({ typedLines: Array.from({ length: TYPED_LINES_MAX + 1 }, (_, i) => `Medicijn ${i}`) }), [])), ['medicines:prescriptions.error.tooManyTyped']);
    assert.deepEqual(errorIds(checkRequest(form({ typedLines: ['x'.repeat(201)] }), [])), ['medicines:prescriptions.error.medicineTooLong']);
    assert.ok(checkRequest(form({ typedLines: ['x'.repeat(200)] }), []).ok, '200 characters is fine');
    assert.deepEqual(errorIds(checkRequest(form({ medicationIds: [ACTIVE[0]!.id] }), [])), ['medicines:prescriptions.error.medicineEnded']);
  });
});

describe('pharmacy and remark', () => {
  test('the pharmacy is required and at most 200 characters; the remark at most 500', () => {
    const ok = { typedLines: ['Omeprazol'] };
    assert.deepEqual(errorIds(checkRequest(form({ ...ok, pharmacy: '   ' }), [])), ['pharmacy:prescriptions.error.pharmacy']);
    assert.deepEqual(errorIds(checkRequest(form({ ...ok, pharmacy: 'a'.repeat(201) }), [])), ['pharmacy:prescriptions.error.pharmacyTooLong']);
    assert.deepEqual(errorIds(checkRequest(form({ ...ok, remark: 'a'.repeat(501) }), [])), ['remark:prescriptions.error.remarkTooLong']);
    assert.ok(checkRequest(form({ ...ok, remark: 'a'.repeat(500) }), []).ok);
  });

  test('every field in error is reported at once', () => {
    assert.deepEqual(errorIds(checkRequest(form({ pharmacy: '', remark: 'a'.repeat(501) }), ACTIVE)), [
      'medicines:prescriptions.error.noMedicine',
      'pharmacy:prescriptions.error.pharmacy',
      'remark:prescriptions.error.remarkTooLong',
    ]);
  });

  test('control, zero-width and bidirectional characters are removed, not kept hidden in a name', () => {
    const checked = checkRequest(form({ typedLines: ['Omeprazol\u0000 20\u200b mg\u0007', 'Para\u202Ecetamol'], pharmacy: 'Apotheek\u2066 West\u2069', remark: 'Graag\r\nsnel\uFEFF' }), []);
    assert.deepEqual(checked.ok && checked.request, {
      items: [
        { medicationId: null, name: 'Omeprazol 20 mg' },
        { medicationId: null, name: 'Paracetamol' },
      ],
      pharmacy: 'Apotheek West',
      remark: 'Graag\nsnel',
    });
  });

  test('lengths are counted as the database counts them: an emoji is one character, not two', () => {
    const emoji = '💊'.repeat(200);
    assert.equal(emoji.length, 400);
    assert.ok(checkRequest(form({ typedLines: [emoji], pharmacy: '🏥'.repeat(200), remark: '🙂'.repeat(500) }), []).ok);
    assert.deepEqual(checkMedicationName(emoji), { ok: true, name: emoji });
    assert.deepEqual(checkRejectionReason('🙂'.repeat(500)), { ok: true, reason: '🙂'.repeat(500) });
    assert.deepEqual(checkMedicationName(`${emoji}x`), { ok: false, id: 'prescriptions.error.medicineTooLong' });
  });
});

describe('staff input', () => {
  test('a rejection needs a reason of 1 to 500 characters', () => {
    assert.deepEqual(checkRejectionReason('  \n '), { ok: false, id: 'prescriptions.error.reasonMissing' });
    assert.deepEqual(checkRejectionReason('a'.repeat(501)), { ok: false, id: 'prescriptions.error.reasonTooLong' });
    assert.deepEqual(checkRejectionReason(' Kom eerst op controle.\r\nBel voor een afspraak. '), { ok: true, reason: 'Kom eerst op controle.\nBel voor een afspraak.' });
  });

  test('a medication line needs a name of 1 to 200 characters', () => {
    assert.deepEqual(checkMedicationName(' '), { ok: false, id: 'prescriptions.error.medicationNameMissing' });
    assert.deepEqual(checkMedicationName('a'.repeat(201)), { ok: false, id: 'prescriptions.error.medicineTooLong' });
    assert.deepEqual(checkMedicationName(' Salbutamol  100 microg/dosis inhalator '), { ok: true, name: 'Salbutamol 100 microg/dosis inhalator' });
  });
});

describe('the home page lines', () => {
  test('ready and rejected first, then what waits; nothing when nothing is', () => {
    assert.deepEqual(statusLineIds({ requested: 0, inProgress: 0, recentlyReady: 0, recentlyRejected: 0 }), []);
    assert.deepEqual(statusLineIds({ requested: 2, inProgress: 1, recentlyReady: 1, recentlyRejected: 0 }), [
      { id: 'prescriptions.home.ready', count: 1 },
      { id: 'prescriptions.home.inProgress', count: 1 },
      { id: 'prescriptions.home.requested', count: 2 },
    ]);
  });

  test('the Dutch lines count in words patients expect', () => {
    const nl = messagesFor('nl');
    assert.equal(nl['prescriptions.home.inProgress']({ count: 1 }), '1 aanvraag wordt behandeld');
    assert.equal(nl['prescriptions.home.requested']({ count: 2 }), '2 aanvragen wachten op de praktijk');
    assert.equal(nl['prescriptions.home.ready']({ count: 1 }), '1 recept is klaar');
    assert.equal(nl['prescriptions.home.ready']({ count: 3 }), '3 recepten zijn klaar');
  });

  test('ready news lasts 14 days, counted with the injected time', () => {
    assert.equal(READY_NEWS_DAYS, 14);
    assert.equal(newsSince(new Date('2026-11-26T10:00:00Z')).toISOString(), '2026-11-12T10:00:00.000Z');
  });

  test('the limits the texts name are the limits the rules use', () => {
    assert.equal(OPEN_REQUESTS_MAX, 5);
    assert.match(messagesFor('nl')['prescriptions.tooManyOpen'], new RegExp(`al ${OPEN_REQUESTS_MAX} aanvragen`));
    assert.match(messagesFor('nl')['prescriptions.error.tooManyMedicines'], new RegExp(`${MEDICINES_PER_REQUEST_MAX} medicijnen`));
    assert.match(messagesFor('nl')['prescriptions.error.tooManyTyped'], new RegExp(`${TYPED_LINES_MAX} medicijnen`));
  });
});
