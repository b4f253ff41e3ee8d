import type { Messages } from '../../i18n/messages.ts';

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
