import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * All settings, read from the environment once at start and checked against one schema.
 * Only `main.ts` and the CLI call `loadConfig`; everything else receives the typed object.
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: URL;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly sessionCodeTtlSeconds: number;
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  readonly secret: string;
  readonly production: boolean;
  readonly devSmtpPort: number;
  readonly logLevel: string;
  readonly outboxPollMilliseconds: number;
  readonly outboxLeaseSeconds: number;
  /** Server processes on this machine (node:cluster); more than one needs PostgreSQL and SMTP. */
  readonly processes: number;
  /** Port for Prometheus `/metrics`, on `metricsHost`; undefined: no metrics endpoint. */
  readonly metricsPort: number | undefined;
  readonly metricsHost: string;
  /**
   * How many proxies in front set X-Forwarded-For (0: none, the address is the peer's). The client
   * address is then the one that many hops back, never a value the client wrote itself.
   */
  readonly trustProxyHops: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const MINIMUM_SECRET_LENGTH = 32;

const integer = (min: number, max: number) =>
  z.coerce.number().int().min(min).max(max);

const environmentSchema = z.object({
  PORT: integer(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://localhost:3000'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Praktijkportaal <no-reply@localhost>'),
  SESSION_CODE_TTL_SECONDS: integer(60, 3600).default(600),
  SESSION_IDLE_MINUTES: integer(1, 24 * 60).default(15),
  SESSION_ABSOLUTE_HOURS: integer(1, 7 * 24).default(12),
  SECRET: z.string().min(MINIMUM_SECRET_LENGTH, `must be at least ${MINIMUM_SECRET_LENGTH} characters`).optional(),
  SECRET_FILE: z.string().min(1).optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DEV_SMTP_PORT: integer(0, 65535).default(2525),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OUTBOX_POLL_MS: integer(50, 60_000).default(1000),
  OUTBOX_LEASE_SECONDS: integer(1, 3600).default(60),
  PROCESSES: integer(1, 64).default(1),
  METRICS_PORT: integer(1, 65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[0-9])$/, 'must be false, true (one proxy) or the number of proxies in front (0-9)')
    .default('false'),
});

/** Empty strings count as unset, as they do in most deployment tools. */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') result[key] = value;
  }
  return result;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`${variable}: ${issue?.message ?? 'invalid value'}`);
  }
  const values = parsed.data;
  const production = values.NODE_ENV === 'production';
  const dataDir = resolve(values.DATA_DIR);
  const publicUrl = new URL(values.PUBLIC_URL);

  if (values.PROCESSES > 1 && (values.DATABASE_URL === undefined || values.SMTP_URL === undefined)) {
    throw new ConfigError('PROCESSES: more than one process needs DATABASE_URL and SMTP_URL (the embedded database and the development mailbox belong to one process)');
  }

  if (production) {
    const unsafe: string[] = [];
    if (values.DATABASE_URL === undefined) unsafe.push('DATABASE_URL is not set (the embedded database is for development only)');
    if (values.SMTP_URL === undefined) unsafe.push('SMTP_URL is not set (the development mailbox is not for production)');
    if (values.SECRET === undefined && values.SECRET_FILE === undefined) unsafe.push('SECRET or SECRET_FILE is not set');
    if (publicUrl.protocol !== 'https:') unsafe.push('PUBLIC_URL is not https');
    if (unsafe.length > 0) {
      throw new ConfigError(`NODE_ENV=production refuses to start: ${unsafe.join('; ')}`);
    }
  }

  return {
    port: values.PORT,
    host: values.HOST,
    publicUrl,
    databaseUrl: values.DATABASE_URL,
    dataDir,
    smtpUrl: values.SMTP_URL,
    mailFrom: values.MAIL_FROM,
    sessionCodeTtlSeconds: values.SESSION_CODE_TTL_SECONDS,
    sessionIdleMinutes: values.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: values.SESSION_ABSOLUTE_HOURS,
    secret: readSecret(values.SECRET, values.SECRET_FILE, dataDir, production),
    production,
    devSmtpPort: values.DEV_SMTP_PORT,
    logLevel: values.LOG_LEVEL,
    outboxPollMilliseconds: values.OUTBOX_POLL_MS,
    outboxLeaseSeconds: values.OUTBOX_LEASE_SECONDS,
    processes: values.PROCESSES,
    metricsPort: values.METRICS_PORT,
    metricsHost: values.METRICS_HOST,
    trustProxyHops: values.TRUST_PROXY === 'true' ? 1 : values.TRUST_PROXY === 'false' ? 0 : Number(values.TRUST_PROXY),
  };
}

function readSecret(
  secret: string | undefined,
  secretFile: string | undefined,
  dataDir: string,
  production: boolean,
): string {
  if (secret !== undefined) return secret;
  if (secretFile !== undefined) {
    let content: string;
    try {
      content = readFileSync(secretFile, 'utf8').trim();
    } catch {
      throw new ConfigError(`SECRET_FILE: cannot read ${secretFile}`);
    }
    if (content.length < MINIMUM_SECRET_LENGTH) {
      throw new ConfigError(`SECRET_FILE: the secret must be at least ${MINIMUM_SECRET_LENGTH} characters`);
    }
    return content;
  }
  if (production) throw new ConfigError('SECRET or SECRET_FILE is not set');
  // Development only: a key made once and kept beside the embedded database, so that codes and
  // sessions survive a restart. Losing it only invalidates codes, sessions and links.
  const generatedPath = join(dataDir, 'secret.key');
  if (!existsSync(generatedPath)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(generatedPath, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(generatedPath, 'utf8').trim();
}
