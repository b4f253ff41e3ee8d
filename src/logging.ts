import pino, { type Logger } from 'pino';
import { redactUrl } from './app.ts';

/**
 * JSON logs. Requests are logged with method, path (tokens cut out) and request id, never with
 * cookies, bodies, codes, passwords or full e-mail addresses.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'praktijkportaal' },
    serializers: {
      req: (request: { id?: string; method?: string; url?: string }) => ({
        id: request.id,
        method: request.method,
        url: redactUrl(request.url ?? ''),
      }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
      err: pino.stdSerializers.err,
    },
    redact: { paths: ['req.headers.cookie', 'headers.cookie', '*.password', '*.code', '*.token'], censor: '[redacted]' },
  });
}
