/**
 * Form fields with their label, hint and error wired together the same way everywhere: the
 * label names the input, the hint and the error are read out with it (aria-describedby), and an
 * input in error says so (aria-invalid). Works without JavaScript; the server renders the error.
 */
import type { MessageId } from '../../i18n/messages.ts';

export interface FieldError {
  readonly id: MessageId;
  readonly text: string;
}

interface FieldBase {
  /** The input's id; the hint and the error get ids derived from it. */
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: FieldError | undefined;
}

function describedBy(props: FieldBase): string | undefined {
  const ids = [props.hint !== undefined ? `${props.id}-uitleg` : null, props.error !== undefined ? `${props.id}-fout` : null].filter((id) => id !== null);
  return ids.length === 0 ? undefined : ids.join(' ');
}

function HintAndError(props: FieldBase) {
  return (
    <>
      {props.hint !== undefined && (
        <p class="hint" id={`${props.id}-uitleg`}>
          {props.hint}
        </p>
      )}
      {props.error !== undefined && (
        <p class="field-error" id={`${props.id}-fout`} data-message-id={props.error.id}>
          {props.error.text}
        </p>
      )}
    </>
  );
}

interface InputAttributes {
  readonly type?: 'text' | 'email' | 'tel' | 'date' | 'time' | 'number' | 'search';
  readonly autocomplete?: string;
  readonly inputMode?: 'text' | 'numeric' | 'tel' | 'email' | 'decimal';
  readonly maxLength?: number;
  readonly required?: boolean;
  readonly min?: string;
  readonly max?: string;
  readonly step?: string;
  readonly spellcheck?: boolean;
}

export function TextField(props: FieldBase & { readonly value?: string } & InputAttributes) {
  const { id, name, label, hint, error, value, ...rest } = props;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <HintAndError id={id} name={name} label={label} hint={hint} error={error} />
      <input
        type={rest.type ?? 'text'}
        autocomplete={rest.autocomplete}
        inputMode={rest.inputMode}
        maxLength={rest.maxLength}
        required={rest.required}
        min={rest.min}
        max={rest.max}
        step={rest.step}
        spellcheck={rest.spellcheck}
        id={id}
        name={name}
        value={value ?? ''}
        aria-invalid={error !== undefined ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </div>
  );
}

export function TextAreaField(props: FieldBase & { readonly value?: string; readonly rows?: number; readonly maxLength?: number; readonly required?: boolean }) {
  const { id, name, label, value, rows, maxLength, required, error } = props;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <HintAndError {...props} />
      <textarea
        id={id}
        name={name}
        rows={rows ?? 5}
        maxLength={maxLength}
        required={required}
        aria-invalid={error !== undefined ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {value ?? ''}
      </textarea>
    </div>
  );
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export function SelectField(props: FieldBase & { readonly choices: readonly Choice[]; readonly value?: string; readonly required?: boolean }) {
  const { id, name, label, choices, value, required, error } = props;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <HintAndError {...props} />
      <select id={id} name={name} required={required} aria-invalid={error !== undefined ? 'true' : undefined} aria-describedby={describedBy(props)}>
        {choices.map((choice) => (
          <option value={choice.value} selected={choice.value === value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxField(props: { readonly id: string; readonly name: string; readonly value: string; readonly label: string; readonly checked: boolean; readonly hint?: string }) {
  return (
    <div class="field">
      <div class="field--checkbox">
        <input id={props.id} name={props.name} type="checkbox" value={props.value} checked={props.checked} aria-describedby={props.hint !== undefined ? `${props.id}-uitleg` : undefined} />
        <label for={props.id}>{props.label}</label>
      </div>
      {props.hint !== undefined && (
        <p class="hint checkbox-hint" id={`${props.id}-uitleg`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/**
 * The errors of a form at its top, each a link to its field: a screen reader hears them first
 * (role=alert), and a keyboard user jumps straight to the field to fix.
 */
export function ErrorSummary(props: { readonly title: string; readonly errors: ReadonlyArray<{ readonly fieldId: string; readonly error: FieldError }> }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="message message--error error-summary" role="alert" tabIndex={-1}>
      <h2 class="error-summary__title">{props.title}</h2>
      <ul>
        {props.errors.map((item) => (
          <li data-message-id={item.error.id}>
            <a href={`#${item.fieldId}`}>{item.error.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
