/**
 * `npx praktijkportaal <command>`: one JSON object on stdout and exit 0, or a one-line message
 * on stderr and a non-zero exit, with nothing changed.
 */
import { ConfigError, loadConfig } from '../config/config.ts';
import { currentHolder, DataDirLockedError } from '../storage/data-dir-lock.ts';
import { migrateToLatest } from '../storage/database.ts';
import { openConfiguredDatabase } from '../storage/open.ts';
import { Keyring, secureRandom } from '../security/primitives.ts';
import { systemClock } from '../security/clock.ts';
import { InputError } from '../accounts/account.service.ts';
import { parseAdminCommand, runAdminCommand } from './admin-commands.ts';
import { sendToAdminSocket } from './admin-socket.ts';

function fail(message: string, code = 1): never {
  process.stderr.write(`praktijkportaal: ${message.split('\n')[0]}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  try {
    parseAdminCommand(argv);
  } catch (error) {
    if (error instanceof InputError) fail(error.message, 2);
    throw error;
  }

  // PGlite allows one opener: if the server holds the data folder, let the server do it.
  if (config.databaseUrl === undefined && currentHolder(config.dataDir) !== undefined) {
    let answer;
    try {
      answer = await sendToAdminSocket(config.dataDir, argv);
    } catch {
      fail('the portal server holds the data folder but its admin channel did not answer; try again or stop the server');
    }
    if (!answer.ok) fail(answer.error ?? 'the command failed', 2);
    process.stdout.write(`${JSON.stringify(answer.result)}\n`);
    return;
  }

  let database;
  try {
    database = await openConfiguredDatabase(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) fail(`${error.message}; try again when it has stopped`);
    fail(`cannot open the database: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    if (argv[0] !== 'migrate') await migrateToLatest(database.db);
    const keyring = new Keyring(config.secret);
    const result = await runAdminCommand(
      {
        db: database.db,
        clock: systemClock,
        random: secureRandom,
        keyring,
        outbox: { keyring, messageIdDomain: config.publicUrl.hostname },
        // The CLI does not send mail itself: the server's outbox worker delivers it.
        mailQueued: () => undefined,
      },
      argv,
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    await database.close();
    if (error instanceof InputError) fail(error.message, 2);
    fail(error instanceof Error ? error.message : String(error));
  }
  await database.close();
}

await main(process.argv.slice(2));
