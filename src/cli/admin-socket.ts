import { createServer, createConnection, type Server } from 'node:net';
import { chmodSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { InputError } from '../accounts/account.service.ts';

/**
 * A local admin channel for the embedded database: PGlite allows one opener, so while the
 * server runs, the CLI sends its command here instead of opening the data folder itself.
 * The socket file is 0600: only the user running the portal can talk to it.
 * One JSON line in ({"argv": [...]}), one JSON line out ({"ok": true, "result"} or {"ok": false, "error"}).
 */
export function adminSocketPath(dataDir: string): string {
  return join(dataDir, 'admin.sock');
}

type Runner = (argv: readonly string[]) => Promise<Record<string, unknown>>;

export async function startAdminSocket(dataDir: string, run: Runner, logger: Logger): Promise<Server> {
  const path = adminSocketPath(dataDir);
  try {
    unlinkSync(path);
  } catch {
    // No stale socket.
  }
  const server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 64 * 1024) socket.destroy();
      const newline = buffer.indexOf('\n');
      if (newline === -1) return;
      const line = buffer.slice(0, newline);
      let argv: unknown;
      try {
        argv = (JSON.parse(line) as { argv?: unknown }).argv;
      } catch {
        argv = undefined;
      }
      if (!Array.isArray(argv) || !argv.every((part) => typeof part === 'string')) {
        socket.end(`${JSON.stringify({ ok: false, error: 'malformed admin request' })}\n`);
        return;
      }
      run(argv)
        .then((result) => socket.end(`${JSON.stringify({ ok: true, result })}\n`))
        .catch((error: unknown) => {
          const expected = error instanceof InputError;
          if (!expected) logger.error({ err: error }, 'admin command failed');
          socket.end(`${JSON.stringify({ ok: false, error: expected ? error.message : 'the command failed; see the server log' })}\n`);
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(path, 0o600);
  return server;
}

export async function sendToAdminSocket(dataDir: string, argv: readonly string[]): Promise<{ ok: boolean; result?: Record<string, unknown>; error?: string }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(adminSocketPath(dataDir));
    let buffer = '';
    socket.setEncoding('utf8');
    socket.setTimeout(60_000, () => socket.destroy(new Error('the server did not answer in time')));
    socket.on('connect', () => socket.write(`${JSON.stringify({ argv })}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
    });
    socket.on('end', () => {
      try {
        resolve(JSON.parse(buffer.trim()) as { ok: boolean; result?: Record<string, unknown>; error?: string });
      } catch {
        reject(new Error('the server sent an unreadable answer'));
      }
    });
    socket.on('error', reject);
  });
}
