/**
 * Rules for a new password, as NIST SP 800-63B has them: at least 8 characters (15 or more
 * recommended, and the page says so), at most 128, no composition rules (no "one capital, one
 * digit"), and a check against common and guessable passwords. That check is zxcvbn-ts with the
 * common password lists and the Dutch (nl-be) dictionary, so 'wachtwoord1' or 'welkom123' is
 * refused as well as 'password1'. Pasting is allowed; the form only sets
 * `autocomplete="new-password"`.
 *
 * A plain module: no database, no request. zxcvbn's dictionaries are built once, on first use.
 */
import { ZxcvbnFactory, type FeedbackType, type TranslationKeys } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnDutch from '@zxcvbn-ts/language-nl-be';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_RECOMMENDED_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * zxcvbn's score runs from 0 to 4. Below 2 means fewer than 10^6 guesses: a common password, a
 * single dictionary word with a digit or year ('voetbal2024'), a keyboard row. 2 means at least
 * 10^6 guesses, which is out of reach online here: password tries are throttled per account and
 * per address, and a session code by e-mail is needed after the password as well; the hash is
 * Argon2id for the offline case. Asking for 3 would refuse many ordinary passphrases of two
 * words, which NIST warns against (it pushes people to write passwords down or to add a
 * predictable '!'). The page recommends a sentence of 15 characters or more instead.
 */
const MIN_SCORE = 2;

/** Shorter names would refuse ordinary words ('an' in 'wandelen'); zxcvbn still weighs them. */
const MIN_NAME_LENGTH = 3;

export type LengthProblem = 'tooShort' | 'tooLong';
export type PasswordProblem = LengthProblem | 'common' | 'guessable' | 'containsName';
export type PasswordWarning = keyof TranslationKeys['warnings'];
export type PasswordSuggestion = keyof TranslationKeys['suggestions'];

export interface PasswordContext {
  readonly username: string;
  readonly email: string;
  readonly displayName: string;
}

export type PasswordCheck =
  | { readonly ok: true; readonly hint: 'ok' | 'strong' }
  | {
      readonly ok: false;
      readonly problem: PasswordProblem;
      /** zxcvbn's feedback as keys; the page shows them in the visitor's language. */
      readonly warning: PasswordWarning | null;
      readonly suggestions: readonly PasswordSuggestion[];
    };

/** Length in characters (code points), not UTF-16 units: 'zoë' is 3. */
export function passwordLengthProblem(password: string): LengthProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'tooLong';
  return null;
}

/** zxcvbn's warnings that mean "this password is on a list of common passwords". */
const COMMON_WARNINGS: ReadonlySet<PasswordWarning> = new Set(['topTen', 'topHundred', 'common', 'similarToCommon', 'pwned']);

let factory: ZxcvbnFactory | undefined;

/** Every translation is its own key, so the feedback comes back as keys for messages.ts. */
function keysAsTranslations(): TranslationKeys {
  const asKeys = <T extends object>(section: T) => Object.fromEntries(Object.keys(section).map((key) => [key, key])) as { [K in keyof T]: string };
  const source = zxcvbnDutch.translations;
  return { warnings: asKeys(source.warnings), suggestions: asKeys(source.suggestions), timeEstimation: asKeys(source.timeEstimation) };
}

function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnDutch.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: keysAsTranslations(),
    useLevenshteinDistance: true,
    // zxcvbn's work grows fast with length (about a second for 128 characters), and it runs on
    // the event loop. The first 64 characters are plenty to tell a guessable password.
    maxLength: 64,
  });
  return factory;
}

/** The parts of the account a password must not be built from. */
function namesOf(context: PasswordContext): string[] {
  const localPart = context.email.split('@')[0] ?? '';
  return [context.username, localPart].map((name) => name.trim().toLowerCase()).filter((name) => [...name].length >= MIN_NAME_LENGTH);
}

function userInputsOf(context: PasswordContext): string[] {
  return [...namesOf(context), ...context.displayName.toLowerCase().split(/\s+/), context.email.toLowerCase()].filter((word) => word.length > 0);
}

function feedbackKeys(feedback: FeedbackType): { warning: PasswordWarning | null; suggestions: PasswordSuggestion[] } {
  return { warning: feedback.warning as PasswordWarning | null, suggestions: feedback.suggestions as PasswordSuggestion[] };
}

/**
 * The full check for a password a patient chooses (activation and recovery pages). The CLI's
 * `--password` uses only passwordLengthProblem: see createAccount.
 */
export function checkNewPassword(password: string, context: PasswordContext): PasswordCheck {
  const lengthProblem = passwordLengthProblem(password);
  if (lengthProblem !== null) return { ok: false, problem: lengthProblem, warning: null, suggestions: [] };
  const lower = password.toLowerCase();
  if (namesOf(context).some((name) => lower.includes(name))) {
    return { ok: false, problem: 'containsName', warning: 'userInputs', suggestions: ['anotherWord'] };
  }
  const result = zxcvbn().check(password, userInputsOf(context));
  if (result.score < MIN_SCORE) {
    const { warning, suggestions } = feedbackKeys(result.feedback);
    const fromPasswordList = result.sequence.some((match) => match.pattern === 'dictionary' && String((match as { dictionaryName?: unknown }).dictionaryName).startsWith('passwords'));
    const common = (warning !== null && COMMON_WARNINGS.has(warning)) || fromPasswordList;
    // zxcvbn does not always say why ('wachtwoord1' gets no warning); a suggestion always helps.
    return { ok: false, problem: common ? 'common' : 'guessable', warning, suggestions: suggestions.length > 0 ? suggestions : ['useWords'] };
  }
  const strong = result.score >= 4 && [...password].length >= PASSWORD_RECOMMENDED_LENGTH;
  return { ok: true, hint: strong ? 'strong' : 'ok' };
}
