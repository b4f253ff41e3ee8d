/**
 * The process: read the environment, open the database, start the mail worker (and in
 * development the mailbox), listen, and shut down cleanly on SIGTERM/SIGINT.
 * With PROCESSES > 1 this process becomes the primary of a node:cluster: it forks the server
 * processes (which share the port), restarts one that dies, and serves the combined metrics.
 */
import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import type { Server as NetServer } from 'node:net';
import client from 'prom-client';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { createLogger } from './logging.ts';
import { DataDirLockedError } from './storage/data-dir-lock.ts';
import { migrateToLatest, openPostgres } from './storage/database.ts';
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
import { answerClusterMetricRequests, clusterMetricsText, metricsText, registerPortalMetrics } from './observability/metrics.ts';
import type { Logger } from 'pino';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`praktijkportaal: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** A small HTTP server for Prometheus, on its own (by default loopback) address. */
function startMetricsServer(config: Config, logger: Logger, text: () => Promise<{ contentType: string; body: string }>): Server | undefined {
  if (config.metricsPort === undefined) return undefined;
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    text()
      .then(({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body))
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'metrics failed');
        response.writeHead(500).end();
      });
  });
  server.on('error', (error) => logger.error({ err: error }, 'metrics endpoint could not start'));
  server.listen(config.metricsPort, config.metricsHost);
  return server;
}

async function runPrimary(config: Config, logger: Logger): Promise<void> {
  // Migrate once, before the processes start, so they never race each other on it.
  const database = openPostgres(config.databaseUrl!, { maxConnections: 1 });
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  await database.close();

  const aggregator = new client.AggregatorRegistry();
  const metricsServer = startMetricsServer(config, logger, () => clusterMetricsText(aggregator));
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < config.processes; i += 1) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'server process died; starting another');
    setTimeout(fork, 1000);
  });
  process.stdout.write(`\nPraktijkportaal draait op ${config.publicUrl.toString().replace(/\/$/, '')} met ${config.processes} processen\n\n`);
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    metricsServer?.close();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    cluster.on('exit', () => {
      if (Object.values(cluster.workers ?? {}).every((worker) => worker === undefined || worker.isDead())) process.exit(0);
    });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

async function runServer(config: Config, logger: Logger, inCluster: boolean): Promise<void> {
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
  if (!inCluster) {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
  }

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
  const metrics = registerPortalMetrics(db, systemClock);
  if (inCluster) answerClusterMetricRequests();
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
    leaseSeconds: config.outboxLeaseSeconds,
    metrics,
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

  const app = await buildApp({
    config,
    db,
    clock: systemClock,
    random: secureRandom,
    keyring,
    logger,
    mailQueued,
    metrics,
    mailReachable: () => transport.verify(),
    ...(devMailbox === undefined ? {} : { devMailbox }),
  });
  await preparePasswordVerifier();
  // Demo data only in an empty embedded database (the contract's "empty data folder"), never
  // in a PostgreSQL database an operator pointed us at.
  const demoCreated = !config.production && database.kind === 'pglite' && (await createDemoDataIfEmpty(accountDeps));
  worker.start();
  const sweeper = startSweeper({ db, clock: systemClock, logger: logger.child({ component: 'sweeper' }), intervalMs: 60_000 });
  await app.listen({ port: config.port, host: config.host });
  const metricsServer = inCluster ? undefined : startMetricsServer(config, logger, metricsText);

  let adminSocket: NetServer | undefined;
  if (database.kind === 'pglite') {
    adminSocket = await startAdminSocket(config.dataDir, (argv) => runAdminCommand(accountDeps, argv), logger);
  }

  if (!inCluster) {
    const url = config.publicUrl.toString().replace(/\/$/, '');
    const lines = [``, `Praktijkportaal draait op ${url}`];
    if (devMailbox !== undefined) lines.push(`Ontwikkel-mailbox: ${url}/dev/mailbox (SMTP op 127.0.0.1:${devMailbox.port})`);
    if (demoCreated) {
      lines.push(
        `Demo-patiënt:   gebruikersnaam ${DEMO.patient.username}, wachtwoord ${DEMO.patient.password}  → ${url}/inloggen`,
        `Demo-assistent: gebruikersnaam ${DEMO.assistant.username}, wachtwoord ${DEMO.assistant.password}  → ${url}/praktijk`,
        `Demo-huisarts:  gebruikersnaam ${DEMO.doctor.username}, wachtwoord ${DEMO.doctor.password}  → ${url}/praktijk`,
        `Demo-manager:   gebruikersnaam ${DEMO.manager.username}, wachtwoord ${DEMO.manager.password}  → ${url}/praktijk`,
      );
    }
    lines.push('');
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    adminSocket?.close();
    metricsServer?.close();
    // Finish the requests in flight, then the mails being sent; what is still queued stays in
    // the outbox for the other processes (or the next start).
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

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  if (config.processes > 1 && cluster.isPrimary) return runPrimary(config, logger);
  return runServer(config, logger.child({ pid: process.pid }), cluster.isWorker);
}

main().catch((error: unknown) => {
  process.stderr.write(`praktijkportaal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
