/**
 * The admin command line as the contract has it: one JSON object on stdout and exit 0; bad input
 * gives one line on stderr, a non-zero exit and no change; while the server holds the embedded
 * database, commands go through the server.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'pp-cli-'));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/praktijkportaal.js'), ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'one JSON object on one line');
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('praktijkportaal CLI on the embedded database', () => {
  test('practice add, then a duplicate is refused with one line and no change', () => {
    const first = cli('practice', 'add', '--name', 'Huisartsen Oost', '--slug', 'oost', '--email', 'info@oost.example', '--phone', '020 555 12 12');
    assert.equal(first.status, 0, first.stderr);
    const practice = json(first.stdout)['practice'] as Record<string, unknown>;
    assert.equal(practice['slug'], 'oost');

    const duplicate = cli('practice', 'add', '--name', 'Other', '--slug', 'oost');
    assert.notEqual(duplicate.status, 0);
    assert.equal(duplicate.stdout, '');
    assert.equal(duplicate.stderr.trim().split('\n').length, 1);
    assert.match(duplicate.stderr, /already exists/);
  });

  test('patient and staff add; bad input names what was wrong', () => {
    const patient = cli('patient', 'add', '--practice', 'oost', '--name', 'Piet Jansen', '--email', 'piet@example.nl', '--username', 'piet', '--password', 'a-long-password');
    assert.equal(patient.status, 0, patient.stderr);
    assert.equal((json(patient.stdout)['account'] as Record<string, unknown>)['status'], 'active');

    const staff = cli('staff', 'add', '--practice', 'oost', '--name', 'Anna', '--email', 'anna@oost.example', '--username', 'anna', '--role', 'manager', '--password', 'a-long-password');
    assert.equal(staff.status, 0, staff.stderr);

    const badRole = cli('staff', 'add', '--practice', 'oost', '--name', 'B', '--email', 'b@oost.example', '--username', 'bbb', '--role', 'boss');
    assert.notEqual(badRole.status, 0);
    assert.match(badRole.stderr, /--role/);

    const missing = cli('patient', 'add', '--practice', 'oost', '--name', 'X');
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /--email is required/);

    const unknownPractice = cli('patient', 'add', '--practice', 'west', '--name', 'X', '--email', 'x@example.nl', '--username', 'xxx');
    assert.notEqual(unknownPractice.status, 0);
    assert.match(unknownPractice.stderr, /no practice/);
  });

  test('a lock left by a dead process is taken over', () => {
    writeFileSync(join(dataDir, 'portal.lock'), '999999\n');
    const result = cli('migrate');
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(json(result.stdout), { migrated: [] });
    assert.ok(!existsSync(join(dataDir, 'portal.lock')));
  });

  test('while the server runs, commands go through it and the data stays whole', async () => {
    const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', DEV_SMTP_PORT: '0', NODE_ENV: 'development', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 60_000);
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Praktijkportaal draait')) {
            clearTimeout(timer);
            resolve();
          }
        });
        server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
      });
      const added = cli('patient', 'add', '--practice', 'oost', '--name', 'Kees', '--email', 'kees@example.nl', '--username', 'kees');
      assert.equal(added.status, 0, added.stderr);
      assert.equal(json(added.stdout)['activation'], 'queued');
      const again = cli('patient', 'add', '--practice', 'oost', '--name', 'Kees', '--email', 'kees@example.nl', '--username', 'kees');
      assert.notEqual(again.status, 0);
      assert.match(again.stderr, /already taken/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    assert.ok(!existsSync(join(dataDir, 'portal.lock')), 'the server released its lock');
    const afterStop = cli('patient', 'add', '--practice', 'oost', '--name', 'Kees', '--email', 'kees@example.nl', '--username', 'kees');
    assert.match(afterStop.stderr, /already taken/, 'what the server wrote is there after it stopped');
  });
});
