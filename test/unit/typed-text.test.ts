/**
 * The one cleaner for typed text (src/services/text.ts): what the services store of a question, a
 * medicine name, a reason, and how its length is counted (as PostgreSQL's length() counts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanTypedText, textLength } from '../../src/services/text.ts';

const ONE_LINE = { multiline: false } as const;
const LINES = { multiline: true } as const;

describe('cleanTypedText', () => {
  test('NUL, which PostgreSQL refuses in text, and other C0, DEL and C1 controls are removed', () => {
    assert.equal(cleanTypedText('a\u0000b\u0007c\u001Bd\u007Fe\u0080f\u009Fg', ONE_LINE), 'abcdefg');
    assert.equal(cleanTypedText('a\u0000b\nc\u0008', LINES), 'ab\nc');
  });

  test('a tab becomes a space; line feeds stay in a text of lines and become a space in one line', () => {
    assert.equal(cleanTypedText('a\tb\nc', LINES), 'a b\nc');
    assert.equal(cleanTypedText('a\tb\nc', ONE_LINE), 'a b c');
  });

  test('CRLF and CR become LF (a browser sends CRLF; its maxlength counted one)', () => {
    assert.equal(cleanTypedText('Regel 1\r\nRegel 2\rRegel 3\r\n', LINES), 'Regel 1\nRegel 2\nRegel 3');
    assert.equal(cleanTypedText('Regel\u0085twee\u2028drie\u2029vier', LINES), 'Regel\ntwee\ndrie\nvier', 'NEL and the Unicode separators end a line too');
    assert.equal(cleanTypedText('Vraag over\r\ngriepprik', ONE_LINE), 'Vraag over griepprik');
  });

  test('bidirectional controls are removed: stored text reads as it is shown', () => {
    // "Trojan Source": U+202E turns what follows around on screen.
    assert.equal(cleanTypedText('Omeprazol \u202E02 mg\u202C', ONE_LINE), 'Omeprazol 02 mg');
    for (const bidi of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F']) {
      assert.equal(cleanTypedText(`a${bidi}b`, ONE_LINE), 'ab', `U+${bidi.codePointAt(0)!.toString(16).toUpperCase()}`);
    }
  });

  test('zero-width and invisible characters are removed', () => {
    assert.equal(cleanTypedText('Para\u200Bcetamol', ONE_LINE), 'Paracetamol', 'zero-width space');
    for (const invisible of ['\u200B', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\uFEFF']) {
      assert.equal(cleanTypedText(`a${invisible}b`, LINES), 'ab', `U+${invisible.codePointAt(0)!.toString(16).toUpperCase()}`);
    }
    assert.equal(cleanTypedText('\uFEFF\u200B \u2060', ONE_LINE), '', 'nothing visible is nothing');
  });

  test('the (non-)joiners stay: Persian words and emoji sequences are spelled with them', () => {
    const persian = 'می\u200Cخواهم'; // "I want", with a zero-width non-joiner
    assert.equal(cleanTypedText(persian, ONE_LINE), persian);
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    assert.equal(cleanTypedText(family, ONE_LINE), family);
  });

  test('Unicode NFC: é typed as e plus an accent is stored, and counted, as one character', () => {
    const decomposed = 'Cafe\u0301';
    assert.equal(decomposed.length, 5);
    const cleaned = cleanTypedText(decomposed, ONE_LINE);
    assert.equal(cleaned, 'Caf\u00E9');
    assert.equal(textLength(cleaned), 4);
    // Removing an invisible character between a letter and its accent lets them compose.
    assert.equal(cleanTypedText('e\u200B\u0301', ONE_LINE), '\u00E9');
  });

  test('one line: runs of white space (no-break spaces too) become one space; both forms are trimmed', () => {
    assert.equal(cleanTypedText('  Salbutamol \u00A0 100\u3000microg  ', ONE_LINE), 'Salbutamol 100 microg');
    assert.equal(cleanTypedText('\n\n  Eerste regel\n\n  tweede  \n\n', LINES), 'Eerste regel\n\n  tweede');
  });

  test('text without anything to clean comes back the same, emoji and accents included', () => {
    const text = 'Mag ik de helft nemen? 😷 Groet, Zoë\nTot maandag';
    assert.equal(cleanTypedText(text, LINES), text);
  });

  test('a lone surrogate (no browser sends one) becomes U+FFFD, as the database would store it', () => {
    assert.equal(cleanTypedText('a\uD83Db', ONE_LINE), 'a\uFFFDb');
  });
});

describe('textLength', () => {
  test('counts code points as PostgreSQL length() does: an emoji is one', () => {
    assert.equal(textLength('😷'), 1);
    assert.equal('😷'.length, 2);
    assert.equal(textLength('Zoë 💊💊'), 6);
    assert.equal(textLength(''), 0);
  });
});
