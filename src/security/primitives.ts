/**
 * The small audited set of security primitives. Nothing else in the code base calls
 * `node:crypto` for secrets: if a rule about randomness, hashing or comparing changes, it
 * changes here.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  randomInt,
  randomUUID,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';

/** Randomness behind an interface so tests can make codes predictable without touching crypto. */
export interface RandomSource {
  /** A uniformly random integer in [0, maxExclusive). */
  integerBelow(maxExclusive: number): number;
  bytes(length: number): Buffer;
}

/** `crypto.randomInt` rejects modulo bias, so every six-digit code is equally likely. */
export const secureRandom: RandomSource = {
  integerBelow: (maxExclusive) => randomInt(0, maxExclusive),
  bytes: (length) => randomBytes(length),
};

export const SESSION_CODE_DIGITS = 6;

export function newSessionCode(random: RandomSource): string {
  return random.integerBelow(10 ** SESSION_CODE_DIGITS).toString().padStart(SESSION_CODE_DIGITS, '0');
}

/** 256 bits: unguessable, so a plain keyed hash of it is enough to store. */
export function newOpaqueToken(random: RandomSource): string {
  return random.bytes(32).toString('base64url');
}

/** Row ids made before the insert, so encrypted values can be bound to their row. */
export function newRowId(): string {
  return randomUUID();
}

/** Short public identifier for rows that a token points at (the `id` in `id.secret`). */
export function newPublicId(random: RandomSource): string {
  return random.bytes(12).toString('base64url');
}

/**
 * Compares two strings without an early exit, so the time taken says nothing about where they
 * first differ. Lengths may leak; every value compared here is a fixed-length hash.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

export type HashPurpose = 'session-code' | 'email-change-code' | 'session-token' | 'sign-in-token' | 'link-token' | 'csrf';

/**
 * Keys derived from the one server secret, one per purpose, so a value hashed for one purpose
 * can never be replayed as another (a CSRF token is never a valid session token).
 */
export class Keyring {
  // Key objects made once: HMAC with a prepared key is several times cheaper than with a Buffer.
  readonly #hashKeys = new Map<HashPurpose, KeyObject>();
  readonly #sealKey: Buffer;

  constructor(secret: string) {
    const derive = (info: string): Buffer =>
      Buffer.from(hkdfSync('sha256', Buffer.from(secret), Buffer.alloc(0), `praktijkportaal:${info}`, 32));
    for (const purpose of ['session-code', 'email-change-code', 'session-token', 'sign-in-token', 'link-token', 'csrf'] as const) {
      this.#hashKeys.set(purpose, createSecretKey(derive(`hash:${purpose}`)));
    }
    this.#sealKey = derive('seal:session-code');
  }

  /**
   * Keyed hash (HMAC-SHA256). A stolen database without the secret cannot be used to test
   * guesses of six-digit codes offline, which a plain hash of a million values would allow.
   */
  hash(purpose: HashPurpose, value: string): string {
    const key = this.#hashKeys.get(purpose);
    if (key === undefined) throw new Error(`no key for ${purpose}`);
    return createHmac('sha256', key).update(value).digest('base64url');
  }

  /**
   * Authenticated encryption (AES-256-GCM) for a code that must be sent again while it is
   * valid. `context` binds the ciphertext to its row, so it cannot be moved to another account.
   */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#sealKey, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
  }

  unseal(sealed: string, context: string): string {
    const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    if (iv === undefined || tag === undefined || body === undefined) throw new Error('malformed sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.#sealKey, iv);
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
