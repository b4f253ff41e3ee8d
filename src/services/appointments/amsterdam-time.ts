/**
 * Wall-clock time in the Netherlands. The practice says "Tuesday 08:30" and means Amsterdam time,
 * summer or winter; the database keeps instants (timestamptz). These functions convert between
 * the two without a time-zone library, using the Intl data of Node.
 *
 * The hazard is the night the clock moves: on the last Sunday of March 02:00–03:00 does not
 * exist, and on the last Sunday of October 02:00–03:00 happens twice. A wall time that does not
 * exist converts to null; the rules refuse a series of times across such a jump.
 */
import type { Locale } from '../../i18n/locale.ts';

const TIME_ZONE = 'Europe/Amsterdam';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClockOf(at: Date): WallClock {
  const parts: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts['year']!, month: parts['month']!, day: parts['day']!, hour: parts['hour']!, minute: parts['minute']!, second: parts['second']! };
}

/** How far Amsterdam is ahead of UTC at this instant, in milliseconds (1 or 2 hours). */
function offsetAt(instant: number): number {
  const wall = wallClockOf(new Date(instant));
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `jjjj-mm-dd` that is a real calendar date, else null. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | null {
  const match = DATE.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** `HH:MM` (24 hours) as minutes after midnight, else null. */
export function parseClockTime(text: string): number | null {
  const match = TIME.exec(text);
  if (match === null) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The instant at which Amsterdam clocks show `date` at `minuteOfDay` (may be 24:00 = the next
 * midnight). Null when that wall time does not exist (the spring jump). In the autumn hour that
 * happens twice, the first (summer-time) one.
 */
export function amsterdamInstant(date: string, minuteOfDay: number): Date | null {
  const parsed = parseIsoDate(date);
  if (parsed === null) return null;
  const naive = Date.UTC(parsed.year, parsed.month - 1, parsed.day, 0, minuteOfDay);
  // Try both offsets around the naive instant; keep those whose wall clock is the one asked for.
  const candidates = [...new Set([offsetAt(naive - 3 * 3600_000), offsetAt(naive), offsetAt(naive + 3 * 3600_000)])]
    .map((offset) => naive - offset)
    .filter((instant) => {
      const wall = wallClockOf(new Date(instant));
      return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) === naive;
    })
    .sort((a, b) => a - b);
  return candidates.length === 0 ? null : new Date(candidates[0]!);
}

/** The Amsterdam calendar date of an instant, as `jjjj-mm-dd`. */
export function amsterdamDate(at: Date): string {
  const wall = wallClockOf(at);
  return `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

/** `date` plus `days` calendar days, as `jjjj-mm-dd`. */
export function addDays(date: string, days: number): string {
  const parsed = parseIsoDate(date);
  if (parsed === null) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day + days)).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const parsed = parseIsoDate(date);
  if (parsed === null) throw new Error(`not a date: ${date}`);
  const day = new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

const dayFormats: Record<Locale, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long' }),
};

/** "dinsdag 1 december" / "Tuesday 1 December": the day of an instant in Amsterdam. */
export function formatDay(at: Date, locale: Locale): string {
  return dayFormats[locale].format(at);
}

/** The day of a `jjjj-mm-dd` date, written out ("dinsdag 1 december"). */
export function formatIsoDay(date: string, locale: Locale): string {
  const noon = amsterdamInstant(date, 12 * 60);
  if (noon === null) throw new Error(`not a date: ${date}`);
  return formatDay(noon, locale);
}
