import type { Db } from '../storage/database.ts';

export interface Practice {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
}

const practiceColumns = ['id', 'slug', 'name', 'email', 'phone'] as const;

export async function insertPractice(db: Db, practice: Omit<Practice, 'id'>): Promise<Practice> {
  return db.insertInto('practices').values(practice).returning(practiceColumns).executeTakeFirstOrThrow();
}

export async function findPracticeBySlug(db: Db, slug: string): Promise<Practice | undefined> {
  return db.selectFrom('practices').select(practiceColumns).where('slug', '=', slug).executeTakeFirst();
}

export async function findPracticeById(db: Db, id: string): Promise<Practice | undefined> {
  return db.selectFrom('practices').select(practiceColumns).where('id', '=', id).executeTakeFirst();
}

export async function countPractices(db: Db): Promise<number> {
  const row = await db.selectFrom('practices').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
