import type { FastifyRequest } from 'fastify';
import type { StaffActor } from './permissions.ts';

/** Who is acting on a staff route; the audience guard has set it before any handler runs. */
export function actorOf(request: FastifyRequest): StaffActor {
  const actor = request.staff;
  if (actor === null) throw new Error('staff route without an actor');
  return actor;
}

/** `1950-12-31` as patients and staff write it: `31-12-1950`. */
export function displayDate(iso: string | null): string {
  if (iso === null) return '';
  const [year, month, day] = iso.split('-');
  return `${day}-${month}-${year}`;
}
