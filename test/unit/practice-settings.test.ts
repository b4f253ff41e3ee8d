import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSettingsForm, telHref, type SettingsForm } from '../../src/practices/practice-settings.ts';

const valid: SettingsForm = {
  phone: '020 123 45 67',
  afterHoursPhone: '088-1234500',
  openingHours: 'Maandag tot en met vrijdag\r\n08.00 tot 17.00 uur  ',
  cancelWindowHours: '24',
  services: ['prescriptions', 'appointments'],
  requireAuthenticator: false,
};

describe('practice settings form', () => {
  test('a valid form gives clean settings', () => {
    const result = parseSettingsForm(valid);
    assert.ok(result.ok);
    assert.deepEqual(result.settings, {
      phone: '020 123 45 67',
      afterHoursPhone: '088-1234500',
      openingHours: 'Maandag tot en met vrijdag\n08.00 tot 17.00 uur',
      services: { prescriptions: true, consults: false, appointments: true },
      cancelWindowHours: 24,
      requireAuthenticator: false,
    });
  });

  test('empty phone numbers are allowed and stored as none', () => {
    const result = parseSettingsForm({ ...valid, phone: ' ', afterHoursPhone: '' });
    assert.ok(result.ok);
    assert.equal(result.settings.phone, null);
    assert.equal(result.settings.afterHoursPhone, null);
  });

  test('every wrong field is named, with its own message', () => {
    const result = parseSettingsForm({ ...valid, phone: 'bel ons', afterHoursPhone: '12', openingHours: 'x'.repeat(1001), cancelWindowHours: '169' });
    assert.ok(!result.ok);
    assert.deepEqual(
      result.errors.map((error) => [error.field, error.id]),
      [
        ['phone', 'settings.error.phone'],
        ['afterHoursPhone', 'settings.error.phone'],
        ['openingHours', 'settings.error.openingHoursLength'],
        ['cancelWindowHours', 'settings.error.cancelWindow'],
      ],
    );
  });

  test('the cancellation window is a whole number of hours from 0 to 168', () => {
    for (const text of ['0', '168', ' 48 ']) assert.ok(parseSettingsForm({ ...valid, cancelWindowHours: text }).ok, text);
    for (const text of ['', '-1', '2.5', '1e2', '169', 'een dag']) assert.ok(!parseSettingsForm({ ...valid, cancelWindowHours: text }).ok, text);
  });

  test('a phone number becomes a dialable link', () => {
    assert.equal(telHref('020 123 45 67'), 'tel:0201234567');
    assert.equal(telHref('+31 (0)20-123'), 'tel:+31020123');
  });
});
