/**
 * `praktijkportaal <argv>` for a test portal, as the outside contract runs it. On PostgreSQL
 * (TEST_DATABASE_URL) the real CLI runs in a child process on the portal's own database. The
 * portal's in-memory PGlite cannot be opened by a second process, so there the same argv goes
 * through `runAdminCommand` in this process: the function the CLI runs, which calls the account
 * service.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runAdminCommand } from '../../src/cli/admin-commands.ts';
import { TEST_SECRET, serviceDeps, type TestPortal } from './portal.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** Runs one admin command; returns the one JSON object it prints. `dataDir` is for the CLI's own state. */
export async function adminCommand(portal: TestPortal, dataDir: string, argv: readonly string[]): Promise<Record<string, unknown>> {
  const url = portal.database.url;
  if (url === undefined) return runAdminCommand(serviceDeps(portal), argv);
  const { stdout } = await run(process.execPath, [join(root, 'bin/praktijkportaal.js'), ...argv], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, DATA_DIR: dataDir, SECRET: TEST_SECRET, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  // The CLI runs on the real clock, the portal under test on its manual one: mail the CLI queued
  // for "now" would wait until the manual clock reaches the real time (never, once the real time
  // has passed the test's start). Due at the portal's now, as if the portal had queued it.
  await portal.database.db
    .updateTable('outbox')
    .set({ next_attempt_at: portal.clock.now() })
    .where('state', '=', 'queued')
    .where('next_attempt_at', '>', portal.clock.now())
    .execute();
  portal.worker.wake();
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, `one JSON line from the CLI, got ${JSON.stringify(stdout)}`);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}
