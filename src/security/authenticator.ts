/**
 * Time-based one-time passwords (RFC 6238) for staff, through the well-kept `otpauth` library:
 * SHA-1, 6 digits, 30-second steps, as every authenticator app expects. The current step and the
 * one before are accepted; a step that was used already is refused, so an overheard code cannot
 * be replayed within its half minute.
 */
import { Secret, TOTP } from 'otpauth';
import type { Keyring, RandomSource } from './primitives.ts';

const ISSUER = 'Praktijkportaal';
const PERIOD_SECONDS = 30;

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

export function authenticatorSealContext(accountId: string): string {
  return `totp:${accountId}`;
}

/** A new 160-bit secret (RFC 4226's recommended length), as base32 for the app. */
export function newAuthenticatorSecret(random: RandomSource): string {
  return new Secret({ buffer: new Uint8Array(random.bytes(20)).buffer }).base32;
}

/** The `otpauth://` address the app reads from the QR code. */
export function authenticatorUri(secretBase32: string, label: string): string {
  return totpFor(secretBase32, label).toString();
}

/** The time step the code belongs to, or null when it is not valid now (or not newer than `lastStep`). */
export function verifyAuthenticatorCode(secretBase32: string, code: string, now: Date, lastStep: number | null): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32, 'check').validate({ token: code, timestamp: now.getTime(), window: 1 });
  // The current step and the one before (typed just after the app moved on); not the next one.
  // Two codes match a guess, so a wrong app code costs two tries (see sign-in.flow.ts).
  if (delta === null || delta > 0) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** For tests and enrolment checks: the code an app would show at `at`. */
export function authenticatorCodeAt(secretBase32: string, at: Date): string {
  return totpFor(secretBase32, 'check').generate({ timestamp: at.getTime() });
}

export function sealAuthenticatorSecret(keyring: Keyring, accountId: string, secretBase32: string): string {
  return keyring.seal(secretBase32, authenticatorSealContext(accountId));
}

export function unsealAuthenticatorSecret(keyring: Keyring, accountId: string, sealed: string): string {
  return keyring.unseal(sealed, authenticatorSealContext(accountId));
}

/** Steps a guess is compared with (now and the one before): what a wrong app code costs in tries. */
export const AUTHENTICATOR_CODES_PER_GUESS = 2;
