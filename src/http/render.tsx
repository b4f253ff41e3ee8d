import { renderToString } from 'preact-render-to-string';
import type { VNode } from 'preact';
import type { FastifyReply } from 'fastify';

/** Server-rendered HTML: preact escapes every text and attribute value by default. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${renderToString(page)}`);
}
