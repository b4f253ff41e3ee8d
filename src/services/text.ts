/**
 * Text a person typed into a form, made fit to store and show. One cleaner for every service, so
 * a question, a medicine name, a reason and the practice's opening hours all follow one rule, and
 * one length count that agrees with the database's CHECK constraints.
 *
 * The threats it answers:
 * - NUL: PostgreSQL refuses it in `text`, so an error page instead of a message;
 * - other control characters (C0, DEL, C1): they can hide text on screen, in a terminal or in a
 *   CSV export, and mean nothing in typed text;
 * - bidirectional controls (U+202A–U+202E, U+2066–U+2069, the marks U+200E/U+200F) and invisible
 *   characters (U+200B, U+2060–U+2064, U+FEFF): they make a text read differently from what is
 *   stored ("Trojan Source"), or two names look the same while they differ. The zero-width
 *   non-joiner and joiner (U+200C, U+200D) stay: Persian, Arabic and Indic words are spelled with
 *   them, and emoji sequences are built with them; they cannot reorder text;
 * - line ends: a browser sends CRLF while its `maxlength` counted one character per line end, so
 *   without this a text that fitted in the browser could be refused here;
 * - two spellings of one letter (é as one code point, or e plus an accent): NFC makes them one, so
 *   what is stored, compared and counted does not depend on the keyboard.
 */

export interface CleanTextOptions {
  /** A text of lines (a question, a remark) rather than one line (a subject, a name). */
  readonly multiline: boolean;
}

// Every line end a text can bring: CRLF and CR from browsers and old Macs, NEL (U+0085), and the
// Unicode line and paragraph separators. Matched before control characters are removed, so NEL
// ends a line rather than vanishing between two words.
const LINE_ENDS = /\r\n?|[\u0085\u2028\u2029]/g;

// C0 controls (but tab and line feed, handled apart), DEL and the C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

// Invisible characters, and the bidirectional marks, embeddings, overrides and isolates. Not the
// (non-)joiners U+200C and U+200D, which belong to the spelling of whole scripts.
const INVISIBLE = /[\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * Typed text as the portal stores it. In order:
 * 1. line ends (CRLF, CR, NEL, U+2028, U+2029) become `\n`;
 * 2. a tab becomes a space; other control characters (NUL, C0, DEL, C1) are removed;
 * 3. bidirectional-control and invisible characters are removed (not U+200C/U+200D);
 * 4. Unicode NFC (lone surrogates, which no browser sends, become U+FFFD first);
 * 5. one line: every run of white space, line ends included, becomes one space;
 * 6. trimmed at both ends.
 *
 * Check lengths on the result, with textLength: what is counted is what is stored.
 *
 * @example cleanTypedText('  Vraag over\r\n griepprik\t', { multiline: false }) // 'Vraag over griepprik'
 * @example cleanTypedText('Regel 1\r\nRegel 2\r\n', { multiline: true }) // 'Regel 1\nRegel 2'
 */
export function cleanTypedText(raw: string, options: CleanTextOptions): string {
  const text = raw.toWellFormed().replace(LINE_ENDS, '\n').replace(/\t/g, ' ').replace(CONTROLS, '').replace(INVISIBLE, '').normalize('NFC');
  // One line: `\s` takes the line ends too, and the no-break and other wide spaces.
  return (options.multiline ? text : text.replace(/\s+/g, ' ')).trim();
}

/**
 * Length in characters as PostgreSQL's `length()` counts them: code points, so an emoji is one
 * (JavaScript's `.length` counts UTF-16 units and says two). Every text limit of the services is
 * checked with this, so the form's rule and the table's CHECK agree.
 */
export function textLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
