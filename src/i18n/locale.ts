export type Locale = 'nl' | 'en';

export const LOCALES: readonly Locale[] = ['nl', 'en'];

export function isLocale(value: unknown): value is Locale {
  return value === 'nl' || value === 'en';
}

/**
 * The language the browser prefers of the two. The portal does not switch on it by itself:
 * pages are Dutch unless the visitor chose English (the contract's labels are Dutch, and many
 * Dutch patients use a browser set to English); it is used to offer English prominently.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (header === undefined) return 'nl';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number.parseFloat(q.trim().slice(2)) || 0 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const entry of ranked) {
    if (entry.tag.startsWith('nl')) return 'nl';
    if (entry.tag.startsWith('en')) return 'en';
  }
  return 'nl';
}

const TIME_ZONE = 'Europe/Amsterdam';

const timeFormat = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' }),
};

/** `HH:MM` in Dutch time: what the patient sees on the page and in the e-mail. */
export function formatTime(at: Date): string {
  return timeFormat.format(at);
}

export function formatDate(at: Date, locale: Locale): string {
  return dateFormats[locale].format(at);
}

/** Whole minutes from now until `until`, at least 1, for "probeer het over 3 minuten opnieuw". */
export function minutesUntil(now: Date, until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}

export function secondsUntil(now: Date, until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
