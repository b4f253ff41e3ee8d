/**
 * Login-flow benchmark (`npm run bench`): the portal as a real server process on loopback, a
 * fresh PostgreSQL database, and a real SMTP receiver in this process. Virtual patients do the
 * whole sign-in (login page, password, e-mailed code, start page, logout) over HTTP keep-alive.
 *
 * Measured in one run:
 *  1. the Argon2id ceiling: verifications per second on all cores, server idle;
 *  2. saturation: C closed-loop virtual patients;
 *  3. half load: an open-loop arrival rate at about half the ceiling;
 *  4. code submits: wrong-but-well-formed codes against pending sign-ins (no password work).
 * For each: flows/s, p50/p95/p99 per step and of login-to-mail, errors, and CPU per flow of the
 * server (from /proc/<pid>/stat of the server process and all its descendants, i.e. with
 * --processes=N > 1 the cluster primary and its N workers), of PostgreSQL and of this process.
 *
 * Settings: `--name=value` or the environment variable BENCH_NAME (see SETTINGS below).
 * Results: a table on stdout and JSON in bench/results/latest.json.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomInt, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import argon2 from 'argon2';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { createPractice } from '../src/accounts/account.service.ts';
import { insertAccount } from '../src/accounts/account.repository.ts';
import { systemClock } from '../src/security/clock.ts';
import { hashPassword } from '../src/security/password.ts';
import { migrateToLatest, openPostgres, type DatabaseHandle } from '../src/storage/database.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Settings

const SETTINGS = {
  processes: { default: 2, help: 'portal server processes (PROCESSES; above 1 a node:cluster primary forks that many workers)' },
  argon2Seconds: { default: 5, help: 'Argon2id ceiling measurement, seconds' },
  warmupSeconds: { default: 2, help: 'warm-up before saturation (not reported), seconds' },
  saturationSeconds: { default: 15, help: 'saturation phase, seconds' },
  concurrency: { default: 16, help: 'virtual patients in the saturation phase' },
  halfSeconds: { default: 12, help: 'half-load phase, seconds' },
  halfRate: { default: 0, help: 'half-load arrival rate in flows/s (0: half the Argon2 ceiling, see README)' },
  halfMaxInFlight: { default: 64, help: 'open-loop cap on flows in flight; arrivals beyond are shed and counted' },
  codePrepSeconds: { default: 4, help: 'code-submit phase: time spent making pending sign-ins, seconds' },
  codeSeconds: { default: 5, help: 'code-submit phase: at most this long submitting wrong codes, seconds' },
  codeConcurrency: { default: 16, help: 'concurrent clients submitting wrong codes' },
  flowsPerAccount: { default: 8, help: 'flows per account at most (the portal allows 10 code e-mails per hour)' },
  requestTimeoutMs: { default: 30_000, help: 'timeout of one HTTP request and of waiting for one e-mail' },
  hardTimeoutSeconds: { default: 240, help: 'the run is abandoned (and cleaned up) after this long' },
} as const;

type Settings = { [K in keyof typeof SETTINGS]: number } & { adminUrl: string; resultsPath: string; serverNodeArgs: string[] };

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function envName(name: string): string {
  return `BENCH_${kebab(name).replace(/-/g, '_').toUpperCase()}`;
}

function readSettings(argv: readonly string[], env: NodeJS.ProcessEnv): Settings {
  const args = new Map<string, string>();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      process.stdout.write('npm run bench -- [--name=value ...]   (or BENCH_NAME=value)\n\n');
      for (const [name, spec] of Object.entries(SETTINGS)) {
        process.stdout.write(`  --${kebab(name)}=${spec.default}  (${envName(name)})  ${spec.help}\n`);
      }
      process.stdout.write(`  --admin-url=postgres://postgres@127.0.0.1:5432/postgres  (BENCH_ADMIN_URL)\n`);
      process.stdout.write(`  --results-path=bench/results/latest.json  (BENCH_RESULTS_PATH)\n`);
      process.stdout.write(`  --server-node-args="--cpu-prof --cpu-prof-dir=bench/results"  (BENCH_SERVER_NODE_ARGS)  extra node flags for the portal process\n`);
      process.exit(0);
    }
    const match = /^--([a-z0-9-]+)=(.*)$/.exec(arg);
    if (match === null) throw new Error(`unknown argument ${arg} (try --help)`);
    args.set(match[1]!, match[2]!);
  }
  const pick = (name: string): string | undefined => args.get(kebab(name)) ?? (env[envName(name)] || undefined);
  const numbers = {} as Record<keyof typeof SETTINGS, number>;
  for (const [name, spec] of Object.entries(SETTINGS) as Array<[keyof typeof SETTINGS, { default: number }]>) {
    const raw = pick(name);
    const value = raw === undefined ? spec.default : Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${kebab(name)}: not a number >= 0: ${raw}`);
    numbers[name] = value;
    args.delete(kebab(name));
  }
  if (!Number.isInteger(numbers.processes) || numbers.processes < 1 || numbers.processes > 64) {
    throw new Error(`processes: a whole number from 1 to 64 (the portal's PROCESSES), not ${numbers.processes}`);
  }
  const adminUrl = pick('adminUrl') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const resultsPath = pick('resultsPath') ?? join(ROOT, 'bench/results/latest.json');
  const serverNodeArgs = (pick('serverNodeArgs') ?? '').split(/\s+/).filter((arg) => arg !== '');
  args.delete('admin-url');
  args.delete('results-path');
  args.delete('server-node-args');
  if (args.size > 0) throw new Error(`unknown setting --${[...args.keys()][0]} (try --help)`);
  const host = new URL(adminUrl).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') throw new Error('the benchmark only talks to a database on loopback');
  return { ...numbers, adminUrl, resultsPath, serverNodeArgs };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const now = () => performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function log(message: string): void {
  process.stderr.write(`[bench ${(now() / 1000).toFixed(1)}s] ${message}\n`);
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

interface Summary {
  readonly n: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    n: sorted.length,
    mean: round(sorted.length === 0 ? null : sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length === 0 ? null : sorted[sorted.length - 1]!),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: the server's process tree and PostgreSQL from /proc, this process from cpuUsage()

const CLOCK_TICKS = (() => {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

interface ProcessStat {
  readonly pid: number;
  readonly comm: string;
  /** Field 3: R, S, D, Z (zombie), ... */
  readonly state: string;
  readonly ppid: number;
  /** utime + stime, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
  readonly ticks: number;
  /** cutime + cstime (fields 16 and 17): what its children that it has waited for used. */
  readonly childTicks: number;
  /** Field 22, to tell a process from a later one with the same pid. */
  readonly startTime: number;
}

function readStat(pid: number): ProcessStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return {
      pid,
      comm: stat.slice(stat.indexOf('(') + 1, close),
      state: fields[0] ?? '?',
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      childTicks: Number(fields[13]) + Number(fields[14]),
      startTime: Number(fields[19]),
    };
  } catch {
    return undefined;
  }
}

/** Every process on the machine, from /proc/<pid>/stat. */
function allProcesses(): Map<number, ProcessStat> {
  const result = new Map<number, ProcessStat>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return result;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat !== undefined) result.set(stat.pid, stat);
  }
  return result;
}

/** A process and all its descendants (with PROCESSES > 1: the cluster primary and its workers). */
function processTree(rootPid: number, processes: Map<number, ProcessStat> = allProcesses()): ProcessStat[] {
  const root = processes.get(rootPid);
  if (root === undefined) return [];
  const children = new Map<number, ProcessStat[]>();
  for (const stat of processes.values()) {
    let list = children.get(stat.ppid);
    if (list === undefined) children.set(stat.ppid, (list = []));
    list.push(stat);
  }
  const tree = [root];
  for (let index = 0; index < tree.length; index += 1) tree.push(...(children.get(tree[index]!.pid) ?? []));
  return tree;
}

/**
 * CPU ticks of the server: utime + stime of every live process of the tree, plus their cutime +
 * cstime, which holds the whole lifetime of descendants that ended and were waited for (a
 * worker that died and was restarted during a phase still counts).
 */
function treeTicks(tree: readonly ProcessStat[]): number {
  return tree.reduce((sum, stat) => sum + stat.ticks + stat.childTicks, 0);
}

/** Every process named postgres (the postmaster, its helpers and the backends). */
function postgresTicks(processes: Map<number, ProcessStat>): Map<number, number> {
  const result = new Map<number, number>();
  for (const stat of processes.values()) if (stat.comm === 'postgres') result.set(stat.pid, stat.ticks);
  return result;
}

/** The whole machine from the first line of /proc/stat: busy (incl. steal) and stolen ticks. */
function machineTicks(): { busy: number; steal: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [user = 0, nice = 0, system = 0, _idle = 0, _iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    return { busy: user + nice + system + irq + softirq + steal, steal };
  } catch {
    return { busy: 0, steal: 0 };
  }
}

interface CpuSnapshot {
  readonly server: number;
  readonly serverPrimary: number;
  readonly postgres: Map<number, number>;
  readonly bench: NodeJS.CpuUsage;
  readonly machine: { busy: number; steal: number };
  readonly at: number;
}

function cpuSnapshot(serverPid: number | undefined): CpuSnapshot {
  const processes = allProcesses();
  const tree = serverPid === undefined ? [] : processTree(serverPid, processes);
  for (const stat of tree) seenServerProcesses.set(stat.pid, stat.startTime);
  return {
    server: treeTicks(tree),
    serverPrimary: tree[0]?.ticks ?? 0,
    postgres: postgresTicks(processes),
    bench: process.cpuUsage(),
    machine: machineTicks(),
    at: now(),
  };
}

interface CpuDelta {
  /** The server process and all its descendants (cluster workers). */
  readonly serverMs: number;
  /** The server process alone: with PROCESSES > 1 the cluster primary, which hands out connections. */
  readonly serverPrimaryMs: number;
  readonly postgresMs: number;
  readonly benchMs: number;
  /** CPU time of everything else on the machine (other processes, and time stolen by the hypervisor). */
  readonly otherMs: number;
  readonly stealMs: number;
  readonly wallMs: number;
}

function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): CpuDelta {
  let postgres = 0;
  // A backend that began during the phase counts from zero; one that ended is lost (rare: the
  // portal's pool keeps its connections).
  for (const [pid, ticks] of after.postgres) postgres += ticks - (before.postgres.get(pid) ?? 0);
  const bench = process.cpuUsage(before.bench);
  const serverMs = ((after.server - before.server) * 1000) / CLOCK_TICKS;
  const postgresMs = (postgres * 1000) / CLOCK_TICKS;
  const benchMs = (bench.user + bench.system) / 1000;
  const machineMs = ((after.machine.busy - before.machine.busy) * 1000) / CLOCK_TICKS;
  return {
    serverMs,
    serverPrimaryMs: ((after.serverPrimary - before.serverPrimary) * 1000) / CLOCK_TICKS,
    postgresMs,
    benchMs,
    otherMs: Math.max(0, machineMs - serverMs - postgresMs - benchMs),
    stealMs: ((after.machine.steal - before.machine.steal) * 1000) / CLOCK_TICKS,
    wallMs: after.at - before.at,
  };
}

// ---------------------------------------------------------------------------------------------
// The SMTP receiver: records when each message has fully arrived, then parses out the code

interface CaughtMail {
  readonly receivedAt: number;
  readonly code: string | null;
}

class MailCatcher {
  readonly #waiters = new Map<string, (mail: CaughtMail) => void>();
  #server: SMTPServer | undefined;
  port = 0;
  received = 0;
  unclaimed = 0;
  parseErrors = 0;

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 1024 * 1024,
      maxClients: 100,
      onData: (stream, session, callback) => this.#onData(stream, session, callback),
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => log(`smtp receiver: ${error.message}`));
    this.port = (server.server.address() as AddressInfo).port;
  }

  #onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error) => callback(error));
    stream.on('end', () => {
      // The moment the message is here; the answer goes back before parsing, as a relay would.
      const receivedAt = now();
      this.received += 1;
      // Read before answering: the server resets the envelope for the next message on the answer.
      const recipients = session.envelope.rcptTo.map((address) => address.address.toLowerCase());
      callback();
      simpleParser(Buffer.concat(chunks))
        .then((parsed) => {
          const matches = (parsed.text ?? '').match(/\b\d{6}\b/g) ?? [];
          return matches.length === 1 ? matches[0]! : null;
        })
        .catch(() => {
          this.parseErrors += 1;
          return null;
        })
        .then((code) => {
          for (const recipient of recipients) {
            const waiter = this.#waiters.get(recipient);
            if (waiter === undefined) {
              this.unclaimed += 1;
              continue;
            }
            this.#waiters.delete(recipient);
            waiter({ receivedAt, code });
          }
        })
        .catch(() => undefined);
    });
  }

  /** Call before the request that makes the mail: the mail may arrive before its response. */
  expect(address: string, timeoutMs: number): { promise: Promise<CaughtMail>; cancel: () => void } {
    const key = address.toLowerCase();
    let timer: NodeJS.Timeout | undefined;
    const promise = new Promise<CaughtMail>((resolve, reject) => {
      timer = setTimeout(() => {
        this.#waiters.delete(key);
        reject(new Error('no e-mail in time'));
      }, timeoutMs);
      this.#waiters.set(key, (mail) => {
        clearTimeout(timer);
        resolve(mail);
      });
    });
    promise.catch(() => undefined);
    return {
      promise,
      cancel: () => {
        clearTimeout(timer);
        this.#waiters.delete(key);
      },
    };
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------------------------------------
// A minimal browser over node:http with keep-alive: cookies, Origin, the form's CSRF token

interface Reply {
  readonly status: number;
  readonly location: string | undefined;
  readonly body: string;
}

class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    readonly agent: http.Agent,
    readonly port: number,
    readonly origin: string,
    readonly timeoutMs: number,
  ) {}

  get(path: string): Promise<Reply> {
    return this.#send('GET', path, undefined);
  }

  post(path: string, form: Record<string, string>): Promise<Reply> {
    return this.#send('POST', path, new URLSearchParams({ _csrf: this.csrf, ...form }).toString());
  }

  #send(method: 'GET' | 'POST', path: string, body: string | undefined): Promise<Reply> {
    const headers: Record<string, string> = { 'user-agent': 'praktijkportaal-bench', 'accept-language': 'nl' };
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
      headers['origin'] = this.origin;
    }
    return new Promise<Reply>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          this.#remember(response.headers['set-cookie'] ?? []);
          const text = Buffer.concat(chunks).toString('utf8');
          if (String(response.headers['content-type'] ?? '').startsWith('text/html')) {
            const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
            if (token !== undefined) this.csrf = token;
          }
          const location = response.headers['location'];
          resolve({ status: response.statusCode ?? 0, location: typeof location === 'string' ? location : undefined, body: text });
        });
      });
      request.setTimeout(this.timeoutMs, () => request.destroy(new Error(`no answer in ${this.timeoutMs} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }

  #remember(setCookies: readonly string[]): void {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';');
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      const expired =
        value === '' ||
        attributes.some((attribute) => {
          const [key = '', setting = ''] = attribute.trim().split('=');
          if (key.toLowerCase() === 'max-age') return Number(setting) <= 0;
          if (key.toLowerCase() === 'expires') return Date.parse(setting) < Date.now();
          return false;
        });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Accounts

interface BenchAccount {
  readonly username: string;
  readonly email: string;
}

/** Accounts in rotation: one flow per account at a time, each at most `maxUses` flows. */
class AccountPool {
  readonly #free: BenchAccount[];
  readonly #uses = new Map<string, number>();

  constructor(
    accounts: readonly BenchAccount[],
    readonly maxUses: number,
  ) {
    this.#free = [...accounts];
  }

  take(): BenchAccount | undefined {
    return this.#free.shift();
  }

  give(account: BenchAccount): void {
    const uses = (this.#uses.get(account.username) ?? 0) + 1;
    this.#uses.set(account.username, uses);
    if (uses < this.maxUses) this.#free.push(account);
  }

  get available(): number {
    return this.#free.length;
  }

  get mostUses(): number {
    return Math.max(0, ...this.#uses.values());
  }
}

const PASSWORD = 'bench-wachtwoord-2026';

async function createAccounts(handle: DatabaseHandle, prefix: string, count: number, passwordHash: string, practiceId: string): Promise<BenchAccount[]> {
  const accounts = Array.from({ length: count }, (_, index) => {
    const username = `${prefix}-${String(index + 1).padStart(5, '0')}`;
    return { username, email: `${username}@bench.test` };
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < accounts.length) {
        const account = accounts[next++]!;
        await insertAccount(handle.db, {
          practiceId,
          kind: 'patient',
          role: null,
          username: account.username,
          displayName: `Patiënt ${account.username}`,
          email: account.email,
          passwordHash,
          status: 'active',
        });
      }
    }),
  );
  return accounts;
}

// ---------------------------------------------------------------------------------------------
// One virtual patient's flow

const STEPS = ['GET /inloggen', 'POST /inloggen', 'login→mail', 'mail after redirect', 'POST /sessiecode', 'GET /start', 'POST /uitloggen', 'whole flow'] as const;
type Step = (typeof STEPS)[number];

class StepError extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
  }
}

class Recorder {
  readonly latencies = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  completed = 0;
  completedInWindow = 0;
  failed = 0;
  shed = 0;

  add(step: string, ms: number): void {
    let list = this.latencies.get(step);
    if (list === undefined) this.latencies.set(step, (list = []));
    list.push(ms);
  }

  error(step: string, reason: string): void {
    const key = `${step}: ${reason}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }

  get errorCount(): number {
    return [...this.errors.values()].reduce((sum, count) => sum + count, 0);
  }
}

interface Target {
  readonly port: number;
  readonly origin: string;
  readonly agent: http.Agent;
  readonly mail: MailCatcher;
  readonly timeoutMs: number;
}

async function timed(recorder: Recorder, step: Step, action: () => Promise<Reply>): Promise<Reply> {
  const started = now();
  let reply: Reply;
  try {
    reply = await action();
  } catch (error) {
    throw new StepError(step, error instanceof Error ? error.message : String(error));
  }
  recorder.add(step, now() - started);
  return reply;
}

function expectStatus(step: Step, reply: Reply, status: number, location?: string): void {
  if (reply.status !== status || (location !== undefined && reply.location !== location)) {
    const messageId = /data-message-id="([^"]+)"/.exec(reply.body)?.[1];
    throw new StepError(step, `HTTP ${reply.status}${reply.location === undefined ? '' : ` → ${reply.location}`}${messageId === undefined ? '' : ` (${messageId})`}`);
  }
}

/** GET /inloggen and POST /inloggen; resolves with the code from the e-mail. */
async function signInWithPassword(target: Target, browser: Browser, account: BenchAccount, recorder: Recorder): Promise<string> {
  const page = await timed(recorder, 'GET /inloggen', () => browser.get('/inloggen'));
  expectStatus('GET /inloggen', page, 200);
  if (browser.csrf === '' || !browser.cookies.has('pp_csrf')) throw new StepError('GET /inloggen', 'no CSRF cookie or token');

  const mail = target.mail.expect(account.email, target.timeoutMs);
  const posted = now();
  let redirectedAt: number;
  try {
    const login = await timed(recorder, 'POST /inloggen', () => browser.post('/inloggen', { username: account.username, password: PASSWORD }));
    expectStatus('POST /inloggen', login, 303, '/sessiecode');
    redirectedAt = now();
  } catch (error) {
    mail.cancel();
    throw error;
  }
  let caught: CaughtMail;
  try {
    caught = await mail.promise;
  } catch (error) {
    throw new StepError('login→mail', error instanceof Error ? error.message : String(error));
  }
  recorder.add('login→mail', caught.receivedAt - posted);
  recorder.add('mail after redirect', Math.max(0, caught.receivedAt - redirectedAt));
  if (caught.code === null) throw new StepError('login→mail', 'no six-digit code in the text part');
  return caught.code;
}

async function fullFlow(target: Target, account: BenchAccount, recorder: Recorder, startedAt = now()): Promise<void> {
  const browser = new Browser(target.agent, target.port, target.origin, target.timeoutMs);
  const code = await signInWithPassword(target, browser, account, recorder);

  const submit = await timed(recorder, 'POST /sessiecode', () => browser.post('/sessiecode', { code }));
  expectStatus('POST /sessiecode', submit, 303, '/start');
  if (!browser.cookies.has('pp_session')) throw new StepError('POST /sessiecode', 'no session cookie');

  const home = await timed(recorder, 'GET /start', () => browser.get('/start'));
  expectStatus('GET /start', home, 200);
  if (!home.body.includes('Uitloggen')) throw new StepError('GET /start', 'no "Uitloggen" on the page');

  const logout = await timed(recorder, 'POST /uitloggen', () => browser.post('/uitloggen', {}));
  expectStatus('POST /uitloggen', logout, 303, '/inloggen?melding=uitgelogd');
  recorder.add('whole flow', now() - startedAt);
}

async function recordedFlow(target: Target, pool: AccountPool, recorder: Recorder, deadline: number, startedAt?: number): Promise<boolean> {
  const account = pool.take();
  if (account === undefined) {
    recorder.error('accounts', 'pool exhausted (raise --flows-per-account or shorten the phases)');
    return false;
  }
  try {
    await fullFlow(target, account, recorder, startedAt);
    recorder.completed += 1;
    if (now() <= deadline) recorder.completedInWindow += 1;
    return true;
  } catch (error) {
    recorder.failed += 1;
    if (error instanceof StepError) recorder.error(error.step, error.message);
    else recorder.error('flow', error instanceof Error ? error.message : String(error));
    return true;
  } finally {
    pool.give(account);
  }
}

// ---------------------------------------------------------------------------------------------
// Phases

interface PhaseResult {
  readonly name: string;
  readonly load: string;
  readonly seconds: number;
  readonly recorder: Recorder;
  readonly cpu: CpuDelta;
}

let aborted = false;

async function closedLoop(name: string, target: Target, pool: AccountPool, concurrency: number, seconds: number, serverPid: number): Promise<PhaseResult> {
  const recorder = new Recorder();
  const before = cpuSnapshot(serverPid);
  const deadline = now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!aborted && now() < deadline) {
        if (!(await recordedFlow(target, pool, recorder, deadline))) break;
      }
    }),
  );
  return { name, load: `${concurrency} closed-loop`, seconds, recorder, cpu: cpuDelta(before, cpuSnapshot(serverPid)) };
}

/** Arrivals at a fixed rate whatever the answers; latency counts from the planned start. */
async function openLoop(name: string, target: Target, pool: AccountPool, rate: number, seconds: number, maxInFlight: number, serverPid: number): Promise<PhaseResult> {
  const recorder = new Recorder();
  const before = cpuSnapshot(serverPid);
  const start = now();
  const deadline = start + seconds * 1000;
  const running = new Set<Promise<unknown>>();
  for (let arrival = 0; !aborted; arrival += 1) {
    const planned = start + (arrival * 1000) / rate;
    if (planned >= deadline) break;
    const wait = planned - now();
    if (wait > 0) await sleep(wait);
    if (running.size >= maxInFlight) {
      recorder.shed += 1;
      continue;
    }
    const flow = recordedFlow(target, pool, recorder, deadline, planned).finally(() => running.delete(flow));
    running.add(flow);
  }
  await Promise.all(running);
  return { name, load: `${rate.toFixed(1)}/s open-loop`, seconds, recorder, cpu: cpuDelta(before, cpuSnapshot(serverPid)) };
}

interface PendingSignIn {
  readonly browser: Browser;
  readonly code: string;
}

interface CodeSubmitResult {
  readonly signIns: number;
  readonly prepSeconds: number;
  readonly submits: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly recorder: Recorder;
  readonly cpu: CpuDelta;
}

async function codeSubmitPhase(target: Target, pool: AccountPool, settings: Settings, serverPid: number): Promise<CodeSubmitResult> {
  // Pending sign-ins first (each costs a password check and an e-mail), then only wrong codes.
  const prep = new Recorder();
  const pending: PendingSignIn[] = [];
  const prepStart = now();
  const prepDeadline = prepStart + settings.codePrepSeconds * 1000;
  await Promise.all(
    Array.from({ length: settings.concurrency }, async () => {
      while (!aborted && now() < prepDeadline) {
        const account = pool.take();
        if (account === undefined) return;
        const browser = new Browser(target.agent, target.port, target.origin, target.timeoutMs);
        try {
          pending.push({ browser, code: await signInWithPassword(target, browser, account, prep) });
        } catch (error) {
          prep.error(error instanceof StepError ? `prep ${error.step}` : 'prep', error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  const prepSeconds = (now() - prepStart) / 1000;

  const recorder = new Recorder();
  for (const [key, count] of prep.errors) recorder.errors.set(key, count);
  const before = cpuSnapshot(serverPid);
  const start = now();
  const deadline = start + settings.codeSeconds * 1000;
  let submits = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: settings.codeConcurrency }, async () => {
      while (!aborted && now() < deadline && next < pending.length) {
        const signIn = pending[next++]!;
        // Four wrong tries at most: the fifth would void the code, the tenth pause the account.
        for (let attempt = 0; attempt < 4 && now() < deadline; attempt += 1) {
          let wrong = signIn.code;
          while (wrong === signIn.code) wrong = String(randomInt(0, 1_000_000)).padStart(6, '0');
          const started = now();
          try {
            const reply = await signIn.browser.post('/sessiecode', { code: wrong });
            const messageId = /data-message-id="(code\.error\.[^"]+)"/.exec(reply.body)?.[1];
            if (reply.status !== 200 || messageId !== 'code.error.wrong') {
              recorder.error('POST /sessiecode (wrong)', `HTTP ${reply.status}${messageId === undefined ? '' : ` (${messageId})`}`);
              break;
            }
            recorder.add('POST /sessiecode (wrong)', now() - started);
            submits += 1;
          } catch (error) {
            recorder.error('POST /sessiecode (wrong)', error instanceof Error ? error.message : String(error));
            break;
          }
        }
      }
    }),
  );
  const seconds = (now() - start) / 1000;
  return {
    signIns: pending.length,
    prepSeconds,
    submits,
    seconds,
    perSecond: seconds > 0 ? submits / seconds : 0,
    recorder,
    cpu: cpuDelta(before, cpuSnapshot(serverPid)),
  };
}

// ---------------------------------------------------------------------------------------------
// Argon2id ceiling

interface Argon2Result {
  readonly parallel: number;
  readonly seconds: number;
  readonly verifications: number;
  readonly perSecond: number;
  /** cores / ceiling: CPU time per verification if the cores were all busy hashing. */
  readonly derivedCpuMsPerHash: number;
  /** CPU time this process actually spent per verification during the measurement. */
  readonly measuredCpuMsPerHash: number;
  readonly singleVerifyMs: Summary;
  /** Cores busy with other processes (or stolen) during the measurement: should be near 0. */
  readonly otherCoresBusy: number;
}

async function argon2Ceiling(hash: string, seconds: number, parallel: number, cores: number, serverPid: number): Promise<Argon2Result> {
  // Alone first: the wall time of one verification on an otherwise idle core.
  const single: number[] = [];
  const singleEnd = now() + 1000;
  while (now() < singleEnd) {
    const started = now();
    if (!(await argon2.verify(hash, PASSWORD))) throw new Error('argon2 verify failed');
    single.push(now() - started);
  }
  const cpuBefore = process.cpuUsage();
  const machineBefore = cpuSnapshot(serverPid);
  const start = now();
  const deadline = start + seconds * 1000;
  let verifications = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (now() < deadline) {
        if (!(await argon2.verify(hash, PASSWORD))) throw new Error('argon2 verify failed');
        verifications += 1;
      }
    }),
  );
  const elapsed = (now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const machine = cpuDelta(machineBefore, cpuSnapshot(serverPid));
  const perSecond = verifications / elapsed;
  return {
    parallel,
    seconds: elapsed,
    verifications,
    perSecond,
    derivedCpuMsPerHash: (cores * 1000) / perSecond,
    measuredCpuMsPerHash: (cpu.user + cpu.system) / 1000 / verifications,
    singleVerifyMs: summarize(single),
    otherCoresBusy: (machine.otherMs + machine.serverMs + machine.postgresMs) / machine.wallMs,
  };
}

// ---------------------------------------------------------------------------------------------
// The portal as a separate process (with --processes=N > 1: a cluster primary and N workers)

interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly processes: number;
  readonly output: { tail: string; warnings: number; firstWarnings: string[] };
  readonly exited: Promise<number | null>;
}

/** Every process seen in the server's tree (pid → start time), so clean-up can find them all. */
const seenServerProcesses = new Map<number, number>();

function serverTree(server: ServerProcess): ProcessStat[] {
  const tree = processTree(server.pid);
  for (const stat of tree) seenServerProcesses.set(stat.pid, stat.startTime);
  return tree;
}

/**
 * The cluster workers: children of the primary that run the portal (tsx also starts an esbuild
 * service under the primary; its CPU counts as the server's, but it is no worker).
 */
function clusterWorkers(tree: readonly ProcessStat[]): ProcessStat[] {
  const primary = tree[0];
  if (primary === undefined) return [];
  return tree.filter((stat) => {
    if (stat.ppid !== primary.pid) return false;
    try {
      return readFileSync(`/proc/${stat.pid}/cmdline`, 'utf8').split('\0').some((arg) => arg.endsWith('src/main.ts'));
    } catch {
      return false;
    }
  });
}

/** Is this pid still the process seen earlier (same start time), and not a zombie? */
function stillRunning(pid: number, startTime: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.startTime === startTime && stat.state !== 'Z';
}

function startServer(env: Record<string, string>, nodeArgs: readonly string[], processes: number): ServerProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PROCESSES: String(processes) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('the portal did not start');
  const output = { tail: '', warnings: 0, firstWarnings: [] as string[] };
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output.tail = (output.tail + text).slice(-16_000);
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string };
        if ((entry.level ?? 0) >= 40) {
          output.warnings += 1;
          if (output.firstWarnings.length < 5) output.firstWarnings.push(line.slice(0, 300));
        }
      } catch {
        // a partial line at a chunk border: only the tail keeps it
      }
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  seenServerProcesses.set(child.pid, readStat(child.pid)?.startTime ?? -1);
  return { child, pid: child.pid, processes, output, exited };
}

/**
 * Which process of the server holds the server side of our connection from `clientPort`: the
 * socket's inode from /proc/net/tcp, then the process with that inode among its open files.
 * In a cluster the primary accepts and hands the connection to a worker, so workers come first.
 */
function connectionOwner(serverPort: number, clientPort: number, tree: readonly ProcessStat[]): number | undefined {
  let inode: string | undefined;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let table: string;
    try {
      table = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of table.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = parseInt(fields[1]!.split(':').pop()!, 16);
      const remotePort = parseInt(fields[2]!.split(':').pop()!, 16);
      if (localPort === serverPort && remotePort === clientPort && fields[9] !== '0') inode = fields[9];
    }
    if (inode !== undefined) break;
  }
  if (inode === undefined) return undefined;
  const link = `socket:[${inode}]`;
  for (const stat of [...tree.slice(1), ...tree.slice(0, 1)]) {
    try {
      for (const fd of readdirSync(`/proc/${stat.pid}/fd`)) {
        try {
          if (readlinkSync(`/proc/${stat.pid}/fd/${fd}`) === link) return stat.pid;
        } catch {
          // closed meanwhile
        }
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
}

/** GET /healthz on a fresh connection; while it is still open, which server process answered. */
function probeHealth(port: number, tree: readonly ProcessStat[]): Promise<{ ok: boolean; answeredBy: number | undefined }> {
  return new Promise((resolve) => {
    const request = http.get(
      { host: '127.0.0.1', port, path: '/healthz', timeout: 1000, agent: false, headers: { connection: 'keep-alive' } },
      (response) => {
        const clientPort = response.socket.localPort;
        const answeredBy = response.statusCode === 200 && clientPort !== undefined ? connectionOwner(port, clientPort, tree) : undefined;
        response.resume();
        response.on('end', () => {
          request.destroy();
          resolve({ ok: response.statusCode === 200, answeredBy });
        });
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve({ ok: false, answeredBy: undefined }));
  });
}

/**
 * Until /healthz answers; with several processes until each worker has answered one (the primary
 * does not serve, and hands connections only to workers that listen), or, if the answering
 * process cannot be told from /proc, until all workers exist and 4 × N probes succeeded.
 * Resolves with the workers seen answering.
 */
async function waitForHealth(port: number, server: ServerProcess, timeoutMs: number): Promise<{ answered: number[]; verified: boolean }> {
  const deadline = now() + timeoutMs;
  let exitCode: number | null | 'running' = 'running';
  void server.exited.then((code) => (exitCode = code));
  const answered = new Set<number>();
  let successes = 0;
  let identified = 0;
  while (now() < deadline) {
    if (exitCode !== 'running') throw new Error(`the portal exited (${exitCode}) while starting:\n${server.output.tail}`);
    const tree = serverTree(server);
    const probe = await probeHealth(port, tree);
    if (probe.ok) {
      successes += 1;
      if (probe.answeredBy !== undefined) {
        identified += 1;
        if (server.processes === 1 || probe.answeredBy !== server.pid) answered.add(probe.answeredBy);
      }
      if (server.processes === 1) return { answered: [...answered], verified: identified > 0 };
      if (answered.size >= server.processes) return { answered: [...answered], verified: true };
      if (identified === 0 && successes >= 4 * server.processes && tree.length > server.processes) {
        log(`could not tell from /proc which process answered; ${tree.length - 1} workers exist and ${successes} probes succeeded`);
        return { answered: [], verified: false };
      }
      continue;
    }
    await sleep(100);
  }
  throw new Error(
    `the portal did not answer /healthz${server.processes > 1 ? ` from all ${server.processes} workers (${answered.size} answered)` : ''} within ${timeoutMs} ms:\n${server.output.tail}`,
  );
}

/**
 * SIGTERM to the server (a cluster primary passes it on to its workers and exits when they
 * have); whatever of its tree still runs after the grace period gets SIGKILL, the workers too.
 */
async function stopServer(server: ServerProcess): Promise<void> {
  const primaryRunning = server.child.exitCode === null && server.child.signalCode === null;
  if (primaryRunning) serverTree(server);
  const known = [...seenServerProcesses].filter(([pid, startTime]) => stillRunning(pid, startTime));
  const killRemaining = (why: string) => {
    let killed = 0;
    for (const [pid, startTime] of known) {
      if (!stillRunning(pid, startTime)) continue;
      try {
        process.kill(pid, 'SIGKILL');
        killed += 1;
      } catch {
        // gone meanwhile
      }
    }
    if (killed > 0) log(`SIGKILL to ${killed} portal process${killed === 1 ? '' : 'es'} ${why}`);
  };
  if (primaryRunning) {
    server.child.kill('SIGTERM');
    // The primary gives its workers 20 s before it exits by force; each worker gives itself 15 s.
    const stopped = await Promise.race([server.exited.then(() => true), sleep(25_000).then(() => false)]);
    if (!stopped) killRemaining('(the primary and its workers) still running 25 s after SIGTERM');
  }
  // Left behind (the primary was killed or died early; a helper such as tsx's esbuild service
  // ends by itself once its parent is gone): a few seconds, then SIGKILL.
  const graceEnd = now() + 3_000;
  while (now() < graceEnd && known.some(([pid, startTime]) => stillRunning(pid, startTime))) await sleep(100);
  killRemaining('left behind after the primary ended');
  if (server.child.exitCode === null && server.child.signalCode === null) await server.exited;
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (value: number | null | undefined, digits = 1) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));

function table(rows: ReadonlyArray<ReadonlyArray<string>>, rightAligned: (column: number) => boolean = (column) => column > 0): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row, index) => {
      const line = row.map((cell, column) => (rightAligned(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
      return index === 0 ? `${line}\n${widths.map((width) => '-'.repeat(width)).join('  ')}` : line;
    })
    .join('\n');
}

function phaseJson(phase: PhaseResult, ceiling: Argon2Result) {
  const { recorder, cpu } = phase;
  const flows = recorder.completed;
  const flowsPerSecond = recorder.completedInWindow / phase.seconds;
  const serverMsPerFlow = flows > 0 ? cpu.serverMs / flows : null;
  return {
    name: phase.name,
    load: phase.load,
    seconds: phase.seconds,
    flowsCompleted: flows,
    flowsCompletedInWindow: recorder.completedInWindow,
    flowsFailed: recorder.failed,
    arrivalsShed: recorder.shed,
    flowsPerSecond,
    ratioToArgon2Ceiling: flowsPerSecond / ceiling.perSecond,
    errors: Object.fromEntries(recorder.errors),
    cpu: {
      wallMs: cpu.wallMs,
      serverMs: cpu.serverMs,
      postgresMs: cpu.postgresMs,
      benchMs: cpu.benchMs,
      serverMsPerFlow,
      serverMsPerFlowBeyondHash: serverMsPerFlow === null ? null : serverMsPerFlow - ceiling.derivedCpuMsPerHash,
      serverMsPerFlowBeyondMeasuredHash: serverMsPerFlow === null ? null : serverMsPerFlow - ceiling.measuredCpuMsPerHash,
      postgresMsPerFlow: flows > 0 ? cpu.postgresMs / flows : null,
      benchMsPerFlow: flows > 0 ? cpu.benchMs / flows : null,
      serverCoresBusy: cpu.serverMs / cpu.wallMs,
      serverPrimaryMs: cpu.serverPrimaryMs,
      serverPrimaryCoresBusy: cpu.serverPrimaryMs / cpu.wallMs,
      postgresCoresBusy: cpu.postgresMs / cpu.wallMs,
      benchCoresBusy: cpu.benchMs / cpu.wallMs,
      otherCoresBusy: cpu.otherMs / cpu.wallMs,
      stealCoresBusy: cpu.stealMs / cpu.wallMs,
    },
    latencyMs: Object.fromEntries(STEPS.map((step) => [step, summarize(recorder.latencies.get(step) ?? [])])),
  };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2), process.env);
  const cores = os.availableParallelism();
  const threadpool = Number(process.env['UV_THREADPOOL_SIZE'] ?? 4) || 4;
  const startedAt = new Date();
  const cleanups: Array<{ name: string; run: () => Promise<void> }> = [];
  let cleaningUp: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaningUp ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup.run();
        } catch (error) {
          log(`clean-up of ${cleanup.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })());
  const abandon = (why: string, exitCode: number) => {
    aborted = true;
    log(`${why}: cleaning up`);
    void cleanUp().finally(() => process.exit(exitCode));
  };
  process.once('SIGINT', () => abandon('interrupted', 130));
  process.once('SIGTERM', () => abandon('terminated', 143));
  const hardStop = setTimeout(() => abandon(`still running after ${settings.hardTimeoutSeconds} s`, 1), settings.hardTimeoutSeconds * 1000);
  hardStop.unref();

  try {
    // Is anything else using the machine? Then every figure below understates it.
    const quietBefore = cpuSnapshot(undefined);
    await sleep(1000);
    const quiet = cpuDelta(quietBefore, cpuSnapshot(undefined));
    const busyBeforeStart = (quiet.otherMs + quiet.postgresMs) / quiet.wallMs;
    log(`machine before start: ${busyBeforeStart.toFixed(2)} of ${cores} cores busy${busyBeforeStart > 0.2 ? ' (other work is running: expect lower figures)' : ''}`);

    // A fresh database on the local server, dropped at the end.
    const databaseName = `pp_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: settings.adminUrl });
    await admin.connect();
    const serverVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    cleanups.push({
      name: `database ${databaseName}`,
      run: async () => {
        const dropper = new pg.Client({ connectionString: settings.adminUrl });
        await dropper.connect();
        try {
          await dropper.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      },
    });
    const databaseUrl = new URL(settings.adminUrl);
    databaseUrl.pathname = `/${databaseName}`;
    const handle = openPostgres(databaseUrl.toString(), { maxConnections: 8 });
    cleanups.push({ name: 'bench database handle', run: () => handle.close() });
    await migrateToLatest(handle.db);
    log(`database ${databaseName} on PostgreSQL ${serverVersion} migrated`);

    const mail = new MailCatcher();
    await mail.start();
    cleanups.push({ name: 'SMTP receiver', run: () => mail.stop() });

    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const server = startServer({
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: publicUrl,
      DATABASE_URL: databaseUrl.toString(),
      SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
      SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    }, settings.serverNodeArgs, settings.processes);
    cleanups.push({ name: 'portal processes', run: () => stopServer(server) });
    let serverGone = false;
    void server.exited.then((code) => {
      serverGone = true;
      if (!aborted && cleaningUp === undefined) abandon(`the portal exited unexpectedly (${code}):\n${server.output.tail}`, 1);
    });
    const serverStart = now();
    const readiness = await waitForHealth(port, server, 60_000);
    const treeAtStart = serverTree(server);
    const workersAtStart = clusterWorkers(treeAtStart).map((stat) => stat.pid);
    const helpers = treeAtStart.slice(1).filter((stat) => !workersAtStart.includes(stat.pid));
    const helperText = helpers.length === 0 ? '' : `; CPU also counted of ${helpers.map((stat) => `${stat.comm} ${stat.pid}`).join(', ')}`;
    log(
      `portal pid ${server.pid} answers on ${publicUrl} after ${((now() - serverStart) / 1000).toFixed(1)} s (SMTP receiver on ${mail.port}); ` +
        (settings.processes > 1
          ? `cluster primary with workers [${workersAtStart.join(', ')}], ` +
            (readiness.verified ? `each of ${readiness.answered.length} answered /healthz` : 'which worker answered could not be checked')
          : 'one process') +
        helperText,
    );
    if (settings.processes > 1 && workersAtStart.length !== settings.processes) {
      log(`expected ${settings.processes} workers under the primary, found ${workersAtStart.length}: ${treeAtStart.map((stat) => `${stat.pid} ${stat.comm}`).join(', ')}`);
    }

    // One password hash, shared by every bench account.
    const passwordHash = await hashPassword(PASSWORD);

    log(`Argon2id ceiling: ${threadpool} verifications in parallel for ${settings.argon2Seconds} s, server idle`);
    await sleep(500);
    const ceiling = await argon2Ceiling(passwordHash, settings.argon2Seconds, threadpool, cores, server.pid);
    log(`Argon2id: ${ceiling.perSecond.toFixed(1)} verifications/s (single verify p50 ${fmt(ceiling.singleVerifyMs.p50)} ms)`);

    // Enough accounts that none needs more than flowsPerAccount flows, even at the ceiling.
    const flowSeconds = settings.warmupSeconds + settings.saturationSeconds + settings.halfSeconds;
    const flowAccounts = Math.ceil((ceiling.perSecond * flowSeconds * 1.2) / Math.max(1, settings.flowsPerAccount)) + settings.concurrency + settings.halfMaxInFlight + 20;
    const codeAccounts = Math.ceil(ceiling.perSecond * settings.codePrepSeconds * 1.2) + settings.concurrency + 20;
    const seedStart = now();
    const practice = await createPractice({ db: handle.db, clock: systemClock }, { name: 'Huisartsenpraktijk Benchmark', slug: 'bench' });
    const pool = new AccountPool(await createAccounts(handle, 'bench-p', flowAccounts, passwordHash, practice.id), settings.flowsPerAccount);
    const codePool = new AccountPool(await createAccounts(handle, 'bench-c', codeAccounts, passwordHash, practice.id), 1);
    log(`${flowAccounts} + ${codeAccounts} accounts made in ${((now() - seedStart) / 1000).toFixed(1)} s`);

    const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(settings.concurrency, settings.halfMaxInFlight, settings.codeConcurrency) + 8 });
    cleanups.push({ name: 'HTTP agent', run: async () => agent.destroy() });
    const target: Target = { port, origin: publicUrl, agent, mail, timeoutMs: settings.requestTimeoutMs };

    if (settings.warmupSeconds > 0) {
      log(`warm-up: ${Math.min(4, settings.concurrency)} virtual patients for ${settings.warmupSeconds} s`);
      const warmup = await closedLoop('warm-up', target, pool, Math.min(4, settings.concurrency), settings.warmupSeconds, server.pid);
      if (warmup.recorder.completed === 0) throw new Error(
          `no flow completed in the warm-up: ${JSON.stringify(Object.fromEntries(warmup.recorder.errors))}; ` +
            `mail received ${mail.received}, unclaimed ${mail.unclaimed}; portal output:\n${server.output.tail}`,
        );
    }

    log(`saturation: ${settings.concurrency} virtual patients for ${settings.saturationSeconds} s`);
    const saturation = await closedLoop('saturation', target, pool, settings.concurrency, settings.saturationSeconds, server.pid);
    if (aborted) throw new Error('interrupted: no results written');
    const saturationRate = saturation.recorder.completedInWindow / settings.saturationSeconds;

    // Half the Argon2 ceiling, unless the portal as a whole cannot even do that: then half of
    // what it did at saturation, so this phase shows latency below saturation as intended.
    let halfRate = settings.halfRate;
    let halfRateBasis = 'set by --half-rate';
    if (halfRate <= 0) {
      halfRate = ceiling.perSecond / 2;
      halfRateBasis = 'half the Argon2 ceiling';
      if (halfRate > 0.8 * saturationRate) {
        halfRate = saturationRate / 2;
        halfRateBasis = 'half the saturation throughput (half the Argon2 ceiling is more than 80% of it)';
      }
    }
    halfRate = Math.max(halfRate, 0.5);
    log(`half load: ${halfRate.toFixed(1)} flows/s open-loop for ${settings.halfSeconds} s (${halfRateBasis})`);
    const half = await openLoop('half load', target, pool, halfRate, settings.halfSeconds, settings.halfMaxInFlight, server.pid);

    if (aborted) throw new Error('interrupted: no results written');
    log(`code submits: pending sign-ins for ${settings.codePrepSeconds} s, then wrong codes for at most ${settings.codeSeconds} s`);
    const codes = await codeSubmitPhase(target, codePool, settings, server.pid);

    if (aborted) throw new Error('interrupted: no results written');
    if (serverGone) throw new Error('the portal exited during the run');
    const treeAtEnd = serverTree(server);
    const workersAtEnd = clusterWorkers(treeAtEnd).map((stat) => stat.pid);
    const workersReplaced = workersAtStart.filter((pid) => !workersAtEnd.includes(pid)).length;
    const serverThreads = (() => {
      try {
        return treeAtEnd.reduce((sum, stat) => sum + readdirSync(`/proc/${stat.pid}/task`).length, 0);
      } catch {
        return null;
      }
    })();

    // ------------------------------------------------------------------ report
    const phases = [saturation, half].map((phase) => phaseJson(phase, ceiling));
    const result = {
      startedAt: startedAt.toISOString(),
      processes: settings.processes,
      machine: { cores, busyBeforeStart, cpu: os.cpus()[0]?.model ?? '?', uvThreadpoolSize: threadpool, node: process.version, postgres: serverVersion, clockTicks: CLOCK_TICKS, serverThreads },
      settings: { ...settings, halfRate, halfRateBasis },
      accounts: { flow: flowAccounts, codeSubmit: codeAccounts, mostFlowsOnOneAccount: pool.mostUses },
      argon2: ceiling,
      phases,
      codeSubmit: {
        pendingSignIns: codes.signIns,
        prepSeconds: codes.prepSeconds,
        submits: codes.submits,
        seconds: codes.seconds,
        perSecond: codes.perSecond,
        latencyMs: summarize(codes.recorder.latencies.get('POST /sessiecode (wrong)') ?? []),
        errors: Object.fromEntries(codes.recorder.errors),
        cpu: {
          ...codes.cpu,
          serverMsPerSubmit: codes.submits > 0 ? codes.cpu.serverMs / codes.submits : null,
          postgresMsPerSubmit: codes.submits > 0 ? codes.cpu.postgresMs / codes.submits : null,
        },
      },
      mail: { received: mail.received, unclaimed: mail.unclaimed, parseErrors: mail.parseErrors },
      server: {
        processes: settings.processes,
        mode: settings.processes > 1 ? 'node:cluster primary + workers' : 'single process',
        cpuCounts: settings.processes > 1 ? 'the primary and all its descendant processes (the workers)' : 'the server process and any descendants',
        primaryPid: server.pid,
        workerPidsAtStart: workersAtStart,
        workerPidsAtEnd: workersAtEnd,
        otherDescendantsAtStart: helpers.map((stat) => ({ pid: stat.pid, comm: stat.comm })),
        workersAnsweredAtStart: readiness.answered,
        allWorkersVerifiedAtStart: readiness.verified,
        workersReplaced,
        warnings: server.output.warnings,
        firstWarnings: server.output.firstWarnings,
      },
    };

    const out: string[] = [];
    out.push('');
    out.push(`Praktijkportaal login-flow benchmark, ${startedAt.toISOString()}`);
    out.push(
      `${cores} cores (${result.machine.cpu}), UV_THREADPOOL_SIZE ${threadpool}, Node ${process.version}, PostgreSQL ${serverVersion}; portal, PostgreSQL and this client share the machine`,
    );
    out.push(
      settings.processes > 1
        ? `Portal: ${settings.processes} server processes (PROCESSES=${settings.processes}: node:cluster primary + ${settings.processes} workers, ${settings.processes}×${threadpool} Argon2 threads); server CPU = primary + workers`
        : `Portal: 1 server process (PROCESSES=1)`,
    );
    if (workersReplaced > 0) out.push(`  WARNING: ${workersReplaced} worker(s) died and were replaced during the run`);
    out.push('');
    out.push(
      `Argon2id ceiling (m=19 MiB, t=2, p=1; ${threadpool} in parallel, ${fmt(ceiling.seconds)} s, server idle): ${fmt(ceiling.perSecond)} verifications/s`,
    );
    out.push(
      `  one verify alone: p50 ${fmt(ceiling.singleVerifyMs.p50)} ms; CPU per hash: ${fmt(ceiling.derivedCpuMsPerHash)} ms (${cores} cores / ceiling), ${fmt(ceiling.measuredCpuMsPerHash)} ms measured`,
    );
    if (ceiling.otherCoresBusy > 0.2 || phases.some((phase) => phase.cpu.otherCoresBusy > 0.2)) {
      out.push(
        `  WARNING: other processes kept ${fmt(ceiling.otherCoresBusy, 2)} cores busy during the ceiling measurement ` +
          `(${phases.map((phase) => `${fmt(phase.cpu.otherCoresBusy, 2)} in ${phase.name}`).join(', ')}): the figures understate this machine`,
      );
    }
    out.push('');
    out.push(
      table([
        ['phase', 'load', 'flows', 'flows/s', '÷ ceiling', 'failed', 'shed', 'server CPU ms/flow', 'beyond the hash', '(measured hash)', 'postgres ms/flow', 'client ms/flow'],
        ...phases.map((phase) => [
          phase.name,
          phase.load,
          String(phase.flowsCompleted),
          fmt(phase.flowsPerSecond),
          fmt(phase.ratioToArgon2Ceiling, 2),
          String(phase.flowsFailed),
          String(phase.arrivalsShed),
          fmt(phase.cpu.serverMsPerFlow),
          fmt(phase.cpu.serverMsPerFlowBeyondHash),
          fmt(phase.cpu.serverMsPerFlowBeyondMeasuredHash),
          fmt(phase.cpu.postgresMsPerFlow),
          fmt(phase.cpu.benchMsPerFlow),
        ]),
      ]),
    );
    out.push(
      `  cores busy: ${phases
        .map(
          (phase) =>
            `${phase.name}: server ${fmt(phase.cpu.serverCoresBusy, 2)}${settings.processes > 1 ? ` (primary alone ${fmt(phase.cpu.serverPrimaryCoresBusy, 2)})` : ''}, postgres ${fmt(phase.cpu.postgresCoresBusy, 2)}, client ${fmt(phase.cpu.benchCoresBusy, 2)}, ` +
            `other processes ${fmt(phase.cpu.otherCoresBusy, 2)} (steal ${fmt(phase.cpu.stealCoresBusy, 2)})`,
        )
        .join('; ')}`,
    );
    out.push(
      `  'beyond the hash' = server CPU per flow − ${fmt(ceiling.derivedCpuMsPerHash)} ms (one Argon2 verification, ceiling-derived: ${cores} cores / ceiling); ` +
        `'(measured hash)': − ${fmt(ceiling.measuredCpuMsPerHash)} ms (CPU time per verification measured in the ceiling run)`,
    );
    out.push('');
    out.push(
      table([
        ['latency ms', ...phases.flatMap((phase) => [`${phase.name} p50`, 'p95', 'p99', 'max'])],
        ...STEPS.map((step) => [
          step,
          ...phases.flatMap((phase) => {
            const summary = phase.latencyMs[step];
            return [fmt(summary?.p50), fmt(summary?.p95), fmt(summary?.p99), fmt(summary?.max)];
          }),
        ]),
      ]),
    );
    out.push(`  login→mail: from sending POST /inloggen until the SMTP receiver has the whole message; 'mail after redirect': from the 303 until then`);
    out.push(`  half load 'whole flow' counts from the planned arrival (open loop)`);
    out.push('');
    const cs = result.codeSubmit;
    out.push(
      `Code submits (wrong, well-formed; ≤4 per pending sign-in): ${cs.submits} in ${fmt(cs.seconds, 2)} s = ${fmt(cs.perSecond)}/s with ${settings.codeConcurrency} clients; ` +
        `p50 ${fmt(cs.latencyMs.p50)} / p95 ${fmt(cs.latencyMs.p95)} / p99 ${fmt(cs.latencyMs.p99)} ms; server CPU ${fmt(cs.cpu.serverMsPerSubmit, 2)} ms/submit, postgres ${fmt(cs.cpu.postgresMsPerSubmit, 2)} ms/submit, ` +
        `client ${fmt(cs.cpu.benchMs / Math.max(1, cs.submits), 2)} ms/submit`,
    );
    out.push(`  (${cs.pendingSignIns} pending sign-ins made in ${fmt(cs.prepSeconds)} s beforehand)`);
    out.push('');
    const allErrors = [...phases.map((phase) => [phase.name, phase.errors] as const), ['code submits', cs.errors] as const].filter(([, errors]) => Object.keys(errors).length > 0);
    if (allErrors.length === 0) out.push('Errors: none');
    else for (const [name, errors] of allErrors) out.push(`Errors in ${name}: ${Object.entries(errors).map(([key, count]) => `${count}× ${key}`).join('; ')}`);
    out.push(`Mail: ${mail.received} received, ${mail.unclaimed} unclaimed, ${mail.parseErrors} unparsable. Portal log lines at warn or above: ${server.output.warnings}`);
    for (const line of server.output.firstWarnings) out.push(`  ${line}`);
    out.push('');
    process.stdout.write(`${out.join('\n')}\n`);

    mkdirSync(dirname(settings.resultsPath), { recursive: true });
    writeFileSync(settings.resultsPath, `${JSON.stringify(result, null, 2)}\n`);
    log(`results written to ${settings.resultsPath}`);
  } finally {
    clearTimeout(hardStop);
    aborted = true;
    await cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
