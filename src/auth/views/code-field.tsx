import type { MessageId, Messages } from '../../i18n/messages.ts';

/**
 * What a typed code that is not six digits is told: that it has other characters, or how many
 * digits it has. Not a guess, so it costs no try; the same words wherever a code is typed.
 */
export function malformedCodeMessage(t: Messages, typed: { readonly digitCount: number; readonly hasOtherCharacters: boolean }): { readonly id: MessageId; readonly text: string } {
  if (typed.hasOtherCharacters) return { id: 'code.error.notDigits', text: t['code.error.notDigits'] };
  if (typed.digitCount === 0) return { id: 'code.error.empty', text: t['code.error.empty'] };
  return typed.digitCount < 6
    ? { id: 'code.error.tooFewDigits', text: t['code.error.tooFewDigits']({ count: typed.digitCount }) }
    : { id: 'code.error.tooManyDigits', text: t['code.error.tooManyDigits']({ count: typed.digitCount }) };
}

/**
 * The `Sessiecode` field, the same wherever a code is typed (the sign-in, a new e-mail address):
 * numeric keyboard on phones, the one-time-code hint for autofill, the format hint read out with
 * it, and the error (rendered elsewhere under `errorId`) when there is one.
 */
export function SessionCodeField(props: { t: Messages; typed: string | undefined; errorId: string | undefined; hintId?: string }) {
  const hintId = props.hintId ?? 'sessiecode-uitleg';
  return (
    <div class="field">
      <label for="sessiecode">{props.t['code.label']}</label>
      <p class="hint" id={hintId}>
        {props.t['code.hint']}
      </p>
      <input
        id="sessiecode"
        name="code"
        type="text"
        inputmode="numeric"
        autocomplete="one-time-code"
        autocapitalize="none"
        spellcheck={false}
        required
        class="input--code"
        value={props.typed ?? ''}
        autofocus
        aria-invalid={props.errorId !== undefined ? 'true' : undefined}
        aria-describedby={props.errorId !== undefined ? `${props.errorId} ${hintId}` : hintId}
      />
    </div>
  );
}
