/**
 * The process: read the environment, open the database, start the mail worker (and in
 * development the mailbox), listen, and shut down cleanly on SIGTERM/SIGINT.
 */
import type { Server } from 'node:net';
import { ConfigError, loadConfig } from './config/config.ts';
import { createLogger } from './logging.ts';
import { DataDirLockedError } from './storage/data-dir-lock.ts';
import { migrateToLatest } from './storage/database.ts';
import { openConfiguredDatabase } from './storage/open.ts';
import { Keyring, secureRandom } from './security/primitives.ts';
import { systemClock } from './security/clock.ts';
import { preparePasswordVerifier } from './security/password.ts';
import { DevMailbox } from './mail/dev-mailbox.ts';
import { smtpTransport } from './mail/transport.ts';
import { OutboxWorker } from './mail/outbox-worker.ts';
import { buildApp } from './app.ts';
import { createDemoDataIfEmpty, DEMO } from './demo/demo-data.ts';
import { runAdminCommand } from './cli/admin-commands.ts';
import { startAdminSocket } from './cli/admin-socket.ts';
import { startSweeper } from './maintenance/sweeper.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`praktijkportaal: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);

  let database;
  try {
    database = await openConfiguredDatabase(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`praktijkportaal: ${error.message}; stop that process first or use another DATA_DIR\n`);
      process.exit(1);
    }
    throw error;
  }
  const { db } = database;
  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');

  const keyring = new Keyring(config.secret);
  let devMailbox: DevMailbox | undefined;
  if (config.smtpUrl === undefined) {
    devMailbox = new DevMailbox();
    try {
      await devMailbox.start(config.devSmtpPort);
    } catch {
      logger.warn({ port: config.devSmtpPort }, 'development mailbox port taken; using a free port');
      await devMailbox.start(0);
    }
  }
  const transport = smtpTransport(config.smtpUrl ?? devMailbox!.smtpUrl);
  const worker = new OutboxWorker({
    db,
    clock: systemClock,
    keyring,
    transport,
    mailFrom: config.mailFrom,
    publicUrl: config.publicUrl,
    logger: logger.child({ component: 'outbox' }),
    pollMilliseconds: config.outboxPollMilliseconds,
  });
  const mailQueued = () => worker.wake();
  const accountDeps = {
    db,
    clock: systemClock,
    random: secureRandom,
    keyring,
    outbox: { keyring, messageIdDomain: config.publicUrl.hostname },
    mailQueued,
  };

  const app = await buildApp({ config, db, clock: systemClock, random: secureRandom, keyring, logger, mailQueued, ...(devMailbox === undefined ? {} : { devMailbox }) });
  await preparePasswordVerifier();
  const demoCreated = !config.production && (await createDemoDataIfEmpty(accountDeps));
  worker.start();
  const sweeper = startSweeper({ db, clock: systemClock, logger: logger.child({ component: 'sweeper' }), intervalMs: 60_000 });
  await app.listen({ port: config.port, host: config.host });

  let adminSocket: Server | undefined;
  if (database.kind === 'pglite') {
    adminSocket = await startAdminSocket(config.dataDir, (argv) => runAdminCommand(accountDeps, argv), logger);
  }

  const url = config.publicUrl.toString().replace(/\/$/, '');
  const lines = [``, `Praktijkportaal draait op ${url}`];
  if (devMailbox !== undefined) lines.push(`Ontwikkel-mailbox: ${url}/dev/mailbox (SMTP op 127.0.0.1:${devMailbox.port})`);
  if (demoCreated) {
    lines.push(
      `Demo-patiënt:   gebruikersnaam ${DEMO.patient.username}, wachtwoord ${DEMO.patient.password}  → ${url}/inloggen`,
      `Demo-assistent: gebruikersnaam ${DEMO.assistant.username}, wachtwoord ${DEMO.assistant.password}  → ${url}/praktijk`,
    );
  }
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    adminSocket?.close();
    await app.close();
    await worker.stop();
    await sweeper.stop();
    transport.close();
    await devMailbox?.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`praktijkportaal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
