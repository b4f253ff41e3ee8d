import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../accounts/password-rules.ts';

/**
 * A password field, the same wherever one is typed (the login, a password from a link, Mijn
 * account): the password manager told which kind it is (current or new), a new one held to the
 * lengths the server checks, and the error shown elsewhere on the page under `errorId` read out
 * with it, before its hint (`${id}-uitleg`).
 */
export function PasswordField(props: {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly purpose: 'current' | 'new';
  readonly hint?: string;
  readonly autofocus?: boolean;
  /** The id of the error that describes this field, when there is one. */
  readonly errorId?: string | undefined;
  /** Whether the field itself is in error; by default, when an error describes it. */
  readonly invalid?: boolean;
}) {
  const { id, purpose } = props;
  const hintId = props.hint !== undefined ? `${id}-uitleg` : undefined;
  const describedBy = [props.errorId, hintId].filter((part) => part !== undefined);
  const invalid = props.invalid ?? props.errorId !== undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint !== undefined && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <input
        id={id}
        name={props.name}
        type="password"
        autocomplete={purpose === 'new' ? 'new-password' : 'current-password'}
        required
        minLength={purpose === 'new' ? PASSWORD_MIN_LENGTH : undefined}
        maxLength={purpose === 'new' ? PASSWORD_MAX_LENGTH : undefined}
        autofocus={props.autofocus}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy.length === 0 ? undefined : describedBy.join(' ')}
      />
    </div>
  );
}
