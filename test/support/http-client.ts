/**
 * A small browser over `app.inject`: keeps cookies, sends the Origin header a browser sends,
 * and fills in the CSRF token of the last page it saw.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export class TestClient {
  readonly #app: FastifyInstance;
  readonly #origin: string;
  readonly cookies = new Map<string, string>();
  lastHtml = '';

  constructor(app: FastifyInstance, origin = 'http://portal.test') {
    this.#app = app;
    this.#origin = origin;
  }

  #cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  #remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = cookie.value === '' || cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now());
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    if (String(response.headers['content-type'] ?? '').startsWith('text/html')) this.lastHtml = response.body;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.#app.inject({ method: 'GET', url, headers: { cookie: this.#cookieHeader(), ...headers } });
    this.#remember(response);
    return response;
  }

  csrfToken(): string {
    const match = this.lastHtml.match(/name="_csrf" value="([^"]+)"/);
    return match?.[1] ?? '';
  }

  /** A form post; a field with several values (checkboxes) is given as an array. */
  async post(url: string, form: Record<string, string | readonly string[]>, options: { origin?: string | null; csrf?: string } = {}): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams({ _csrf: options.csrf ?? this.csrfToken() });
    for (const [name, value] of Object.entries(form)) {
      for (const item of typeof value === 'string' ? [value] : value) params.append(name, item);
    }
    const body = params.toString();
    const headers: Record<string, string> = { cookie: this.#cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' };
    const origin = options.origin === undefined ? this.#origin : options.origin;
    if (origin !== null) headers['origin'] = origin;
    const response = await this.#app.inject({ method: 'POST', url, headers, payload: body });
    this.#remember(response);
    return response;
  }

  /**
   * Posts one file as a browser does for `<form enctype="multipart/form-data">`. Such a form
   * carries its CSRF token in its action URL, so pass that URL as the page gave it.
   */
  async upload(url: string, file: { field: string; filename: string; content: string | Buffer; contentType?: string }, options: { origin?: string | null } = {}): Promise<LightMyRequestResponse> {
    const boundary = `----testclient${Math.random().toString(16).slice(2)}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType ?? 'text/csv'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content, 'utf8'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const headers: Record<string, string> = { cookie: this.#cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` };
    const origin = options.origin === undefined ? this.#origin : options.origin;
    if (origin !== null) headers['origin'] = origin;
    const response = await this.#app.inject({ method: 'POST', url, headers, payload });
    this.#remember(response);
    return response;
  }

  /** Follows one redirect, as a browser would after a form post. */
  async follow(response: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    const location = response.headers['location'];
    if (typeof location !== 'string') throw new Error(`expected a redirect, got ${response.statusCode}`);
    return this.get(location);
  }
}

/** The value of a hidden field on a page (a form's version, say), as a browser would send it back. */
export function hiddenValue(html: string, name: string): string {
  const match = html.match(new RegExp(`type="hidden" name="${name}" value="([^"]*)"`));
  if (match === null) throw new Error(`no hidden field ${name} on the page`);
  return match[1]!;
}

/** The `data-message-id` values on a page: what tests assert on instead of wording. */
export function messageIds(html: string): string[] {
  return [...html.matchAll(/data-message-id="([^"]+)"/g)].map((match) => match[1]!);
}
