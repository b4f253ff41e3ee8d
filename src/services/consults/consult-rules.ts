/**
 * The rules of the e-consult that need no database: how long a subject and a message may be
 * (typed text is cleaned by cleanTypedText in ../text.ts), and how many open questions a patient
 * may have. The counting itself happens in the database (consults.ts), under a lock on the
 * patient's account row, so the limits hold across requests and processes.
 */
import { cleanTypedText, textLength } from '../text.ts';

/** Characters, as PostgreSQL's `length()` counts them (code points): the table's CHECK agrees. */
export const SUBJECT_MAX = 100;
export const BODY_MAX = 2000;
/** New questions that may wait for the practice at the same time. */
export const MAX_WAITING_THREADS = 3;
/** New questions per patient in any 24 hours. */
export const MAX_NEW_PER_DAY = 5;
export const NEW_QUESTION_WINDOW_HOURS = 24;
/** Follow-ups in one thread that may wait for an answer; then the patient waits (or calls). */
export const MAX_UNANSWERED_IN_THREAD = 3;

export type TextProblem = 'empty' | 'too_long';

/** Empty, or longer than `max` characters as the database counts them (an emoji is one). */
export function checkText(text: string, max: number): TextProblem | null {
  if (text === '') return 'empty';
  if (textLength(text) > max) return 'too_long';
  return null;
}

export type QuestionField = 'subject' | 'body';

export interface QuestionForm {
  readonly subject: string;
  readonly body: string;
}

export type CheckedQuestion =
  | { readonly ok: true; readonly subject: string; readonly body: string }
  | { readonly ok: false; readonly errors: ReadonlyArray<{ readonly field: QuestionField; readonly problem: TextProblem }> };

/** A new question: a subject and a text, both required, both within their limits. */
export function checkQuestion(form: QuestionForm): CheckedQuestion {
  const subject = cleanTypedText(form.subject, { multiline: false });
  const body = cleanTypedText(form.body, { multiline: true });
  const errors: Array<{ field: QuestionField; problem: TextProblem }> = [];
  const subjectProblem = checkText(subject, SUBJECT_MAX);
  if (subjectProblem !== null) errors.push({ field: 'subject', problem: subjectProblem });
  const bodyProblem = checkText(body, BODY_MAX);
  if (bodyProblem !== null) errors.push({ field: 'body', problem: bodyProblem });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, subject, body };
}

export type NewQuestionRefusal = 'too_many_waiting' | 'too_many_today';

/** Whether a patient may ask one more question now, given what the database counted. */
export function newQuestionRefusal(counts: { readonly waiting: number; readonly askedInWindow: number }): NewQuestionRefusal | null {
  if (counts.waiting >= MAX_WAITING_THREADS) return 'too_many_waiting';
  if (counts.askedInWindow >= MAX_NEW_PER_DAY) return 'too_many_today';
  return null;
}

/** The start of the window in which new questions are counted. */
export function windowStart(now: Date): Date {
  return new Date(now.getTime() - NEW_QUESTION_WINDOW_HOURS * 3600_000);
}

/**
 * What the thread's status becomes after a staff answer. The answer settles the thread only if
 * its writer had seen every message of the patient: a follow-up that arrived while they typed
 * still waits for the practice, so it cannot drop out of the queue unread.
 */
export function statusAfterAnswer(input: { readonly seenCount: number; readonly newestPatientSeq: number }): 'answered' | 'waiting_for_practice' {
  return input.newestPatientSeq > input.seenCount ? 'waiting_for_practice' : 'answered';
}

/**
 * Whether a staff answer should send the "news in the portal" mail: only when the patient had no
 * unread answer yet. Two answers before the patient looks give one mail, not two.
 */
export function answerSendsNews(thread: { readonly lastStaffSeq: number; readonly patientReadSeq: number }): boolean {
  return thread.lastStaffSeq <= thread.patientReadSeq;
}
