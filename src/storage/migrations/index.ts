import type { Migration } from 'kysely/migration';
import * as initial from './0001_initial.ts';

/** Every migration in order. Names sort by their number; never rename or edit a shipped one. */
export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
};
