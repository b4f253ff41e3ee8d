import type { FastifyReply } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * Cookie names and flags in one place. With an https PUBLIC_URL every cookie gets `Secure` and
 * the `__Host-` prefix, which the browser only accepts from a secure origin, for the exact host,
 * with Path=/ — so a sibling subdomain cannot plant or overwrite it.
 */
export interface CookieNames {
  readonly session: string;
  readonly signIn: string;
  readonly staffSignIn: string;
  readonly csrf: string;
  readonly language: string;
}

export function cookieNames(secure: boolean): CookieNames {
  const prefix = secure ? '__Host-' : '';
  return {
    session: `${prefix}pp_session`,
    signIn: `${prefix}pp_signin`,
    staffSignIn: `${prefix}pp_signin_staff`,
    csrf: `${prefix}pp_csrf`,
    language: `${prefix}pp_lang`,
  };
}

export function baseCookieOptions(secure: boolean): CookieSerializeOptions {
  return { path: '/', httpOnly: true, secure, sameSite: 'lax' };
}

export function setCookie(reply: FastifyReply, secure: boolean, name: string, value: string, options: CookieSerializeOptions = {}): void {
  reply.setCookie(name, value, { ...baseCookieOptions(secure), ...options });
}

export function clearCookie(reply: FastifyReply, secure: boolean, name: string): void {
  reply.clearCookie(name, baseCookieOptions(secure));
}
