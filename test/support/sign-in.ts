/**
 * Signing in over `TestClient`, as a person does: the password at a door (`/inloggen` for
 * patients, `/praktijk` for staff), then the session code from the development mailbox.
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { ReceivedMail } from '../../src/mail/dev-mailbox.ts';
import { TestClient } from './http-client.ts';
import { codeFrom, type TestPortal } from './portal.ts';

export type Door = '/inloggen' | '/praktijk';

export interface SignInOptions {
  /** Runs once the code e-mail is in the mailbox, before anything else (e.g. `mailSettled`). */
  readonly afterMail?: () => Promise<void>;
}

export interface PasswordStep {
  readonly response: LightMyRequestResponse;
  readonly mail: ReceivedMail;
  readonly code: string;
}

/** Where the password step at `door` sends the browser for the code. */
export const codePage = (door: Door) => (door === '/praktijk' ? '/praktijk/sessiecode' : '/sessiecode');

/**
 * The password step at `door`: it must redirect (303) to the code page. Returns that response,
 * the code e-mail it sent and the code in it.
 */
export async function passwordStep(portal: TestPortal, client: TestClient, door: Door, username: string, password: string, email: string, options: SignInOptions = {}): Promise<PasswordStep> {
  await client.get(door);
  const before = portal.mailsTo(email).length;
  const response = await client.post(door, { username, password });
  assert.equal(response.statusCode, 303, `password step at ${door}`);
  assert.equal(response.headers['location'], codePage(door));
  const mail = await portal.nextMail(email, { after: before });
  const code = codeFrom(mail);
  await options.afterMail?.();
  return { response, mail, code };
}

/** Password at `door`, then the code from the mailbox on the code page; returns the response of the code step. */
export async function signIn(portal: TestPortal, client: TestClient, door: Door, username: string, password: string, email: string, options: SignInOptions = {}): Promise<LightMyRequestResponse> {
  const { code } = await passwordStep(portal, client, door, username, password, email, options);
  await client.get(codePage(door));
  return client.post(codePage(door), { code });
}

/** The patient door (`/inloggen`); returns the response of the code step. */
export function signInPatient(portal: TestPortal, client: TestClient, username: string, password: string, email: string, options: SignInOptions = {}) {
  return signIn(portal, client, '/inloggen', username, password, email, options);
}

/** The staff door (`/praktijk`); returns the response of the code step. */
export function signInStaff(portal: TestPortal, client: TestClient, username: string, password: string, email: string, options: SignInOptions = {}) {
  return signIn(portal, client, '/praktijk', username, password, email, options);
}

/** A new client signed in at the staff door; asserts that it lands on the console. */
export async function staffClient(portal: TestPortal, username: string, password: string, email: string, options: SignInOptions = {}): Promise<TestClient> {
  const client = new TestClient(portal.app);
  const done = await signInStaff(portal, client, username, password, email, options);
  assert.equal(done.headers['location'], '/praktijk/console', `${username} is signed in`);
  return client;
}
