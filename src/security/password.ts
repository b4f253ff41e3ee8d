import argon2 from 'argon2';

/**
 * Argon2id at the OWASP minimum (19 MiB, 2 passes, 1 lane). The native binding hashes on the
 * libuv thread pool, so the event loop keeps serving while a hash runs.
 */
const OWASP_ARGON2ID = {
  type: argon2.argon2id,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OWASP_ARGON2ID);
}

/**
 * Made once per process at the same cost as a real hash. Verifying against it for an unknown
 * username costs the same time as for a real account, so timing does not tell whether a
 * username exists.
 */
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    dummyHash ??= hashPassword('praktijkportaal-dummy-password');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(storedHash, password);
  } catch {
    return false;
  }
}

/** Warm the dummy hash at start so the first unknown-user login is not measurably slower. */
export async function preparePasswordVerifier(): Promise<void> {
  dummyHash ??= hashPassword('praktijkportaal-dummy-password');
  await dummyHash;
}
