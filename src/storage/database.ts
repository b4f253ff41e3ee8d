import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import pg from 'pg';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';

/** The one handle to the database: a transaction is the same type, so functions take either. */
export type Db = Kysely<Database>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: DatabaseKind;
  close(): Promise<void>;
}

const INT8_OID = 20;

/**
 * node-postgres returns int8 as a string, PGlite as a number. Every int8 here is a count or an
 * identity far below 2^53, so both are made to return a number.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * Named prepared statements for what Kysely sends. Without a name, PostgreSQL parses and plans
 * every statement afresh; with one, each connection parses it once and then only binds values.
 *
 * A statement is named after a hash of its text, so the same text always gets the same name and
 * a name never stands for two texts. Only statements with parameters are named: BEGIN, COMMIT and
 * parameterless SQL (migrations, which may hold several statements) keep the simple protocol.
 *
 * The names held per connection stay bounded: the texts are the fixed set the code builds, except
 * `in ($1, $2, …)` lists and multi-row `VALUES (…), (…)`, whose text changes with the number of
 * values. Up to four values or rows (the password throttle has two keys) give a call site at most
 * four texts; longer lists and more rows (the CSV import's batches) are sent unnamed. As a
 * backstop, a connection names at most MAX_PREPARED_PER_CONNECTION texts, and very long texts are
 * not named.
 *
 * A prepared statement fails if a migration changes what it returns (`SELECT *` on a table that
 * gained a column: "cached plan must not change result type"), or if it was dropped under us
 * (DEALLOCATE/DISCARD). The statement then fails once and the connection is thrown away on
 * release; its successor prepares afresh. The hot statements list their columns, so adding a
 * column (the only kind of migration, see the README on upgrades) does not reach them.
 *
 * Named statements live in a server connection. A pooler that hands one client's statements to
 * several server connections (PgBouncer in transaction mode before 1.21, or without
 * max_prepared_statements) breaks them: openPostgres(url, { preparedStatements: false }) then.
 */
export const MAX_PREPARED_PER_CONNECTION = 200;
const MAX_PREPARED_TEXT_LENGTH = 10_000;
const LONG_PARAMETER_LIST = /\bin\s*\(\s*\$\d+(\s*,\s*\$\d+){4}/i;
/** The start of a second, third, … row of a VALUES list with parameters. */
const FURTHER_VALUES_ROW = /\)\s*,\s*\(\s*\$\d+/g;

function hasManyValuesRows(text: string): boolean {
  return (text.match(FURTHER_VALUES_ROW)?.length ?? 0) >= 4;
}
/** feature_not_supported ("cached plan must not change result type"), invalid_sql_statement_name. */
const STALE_STATEMENT_CODES = new Set(['0A000', '26000']);

const statementNames = new Map<string, string | null>();

/** The prepared-statement name for a query text, or null when it is sent unnamed. */
export function preparedStatementName(text: string): string | null {
  let name = statementNames.get(text);
  if (name === undefined) {
    name =
      text.length > MAX_PREPARED_TEXT_LENGTH || LONG_PARAMETER_LIST.test(text) || hasManyValuesRows(text)
        ? null
        : `pp_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
    // Only a fixed set of texts is ever named, so this stays small; unnamed ones are not kept.
    if (name !== null || statementNames.size < 1000) statementNames.set(text, name);
  }
  return name;
}

type QueryResult = pg.QueryResult<Record<string, unknown>>;

class PreparingClient {
  readonly #client: pg.PoolClient;
  readonly #named = new Set<string>();
  #stale = false;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  /** Kysely reads it to cancel a query from another connection. */
  get processID(): number | undefined {
    return (this.#client as { processID?: number }).processID;
  }

  query(textOrCursor: unknown, values?: readonly unknown[]): unknown {
    if (typeof textOrCursor === 'string' && values !== undefined && values.length > 0) {
      const name = this.#nameFor(textOrCursor);
      if (name !== null) {
        return this.#client.query<Record<string, unknown>>({ name, text: textOrCursor, values: values as unknown[] }).catch((error: unknown) => {
          if (STALE_STATEMENT_CODES.has((error as { code?: string }).code ?? '')) this.#stale = true;
          throw error;
        }) satisfies Promise<QueryResult>;
      }
    }
    return (this.#client.query as (text: unknown, values?: unknown) => unknown)(textOrCursor, values);
  }

  release(destroy?: boolean): void {
    this.#client.release(destroy === true || this.#stale);
  }

  #nameFor(text: string): string | null {
    const name = preparedStatementName(text);
    if (name === null || this.#named.has(name)) return name;
    if (this.#named.size >= MAX_PREPARED_PER_CONNECTION) return null;
    this.#named.add(name);
    return name;
  }
}

/** The pool as Kysely sees it, with each connection naming its statements (see above). */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PreparingClient>();
  return {
    options: pool.options,
    // pg's Pool has it (the client class it makes connections with); its types do not say so.
    Client: (pool as unknown as { Client: PostgresPool['Client'] }).Client,
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (wrapper === undefined) {
        wrapper = new PreparingClient(client);
        wrappers.set(client, wrapper);
      }
      return wrapper as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

export function openPostgres(connectionString: string, options: { maxConnections?: number; preparedStatements?: boolean } = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    types: pgTypes as pg.CustomTypesConfig,
    // A connection lost under us (failover, pg_terminate_backend) must not crash the process:
    // the pool drops it and the next query gets a fresh one.
    idleTimeoutMillis: 30_000,
  });
  // A connection killed under us (failover, pg_terminate_backend, a restart) emits 'error' on its
  // client; unheard, that would end the process. The query in flight fails on its own, and the
  // pool drops the broken client instead of handing it out again.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: options.preparedStatements === false ? pool : preparingPool(pool) }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

export async function openPGlite(dataDir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<DatabaseHandle & { pglite: PGlite }> {
  let directory: string | undefined;
  if (dataDir !== undefined) {
    directory = join(dataDir, 'pgdata');
    mkdirSync(directory, { recursive: true });
  }
  const pglite = await PGlite.create({
    ...(directory === undefined ? {} : { dataDir: directory }),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

export function migrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Migrations made on parallel branches may land in another order than their numbers; each
    // one only adds, so running a lower number after a higher one is safe.
    allowUnorderedMigrations: true,
  });
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db).migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((entry) => entry.status === 'Error');
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${message}`);
  }
  return (result.results ?? []).filter((entry) => entry.status === 'Success').map((entry) => entry.migrationName);
}

/** True when the database answers; used by the health check. */
export async function isReachable(db: Db): Promise<boolean> {
  try {
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return true;
  } catch {
    return false;
  }
}
