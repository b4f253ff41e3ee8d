/** Pieces the patient's and the console's prescription pages share. */
import type { Messages } from '../../i18n/messages.ts';
import { formatDate, formatTime, type Locale } from '../../i18n/locale.ts';
import { formatDateTime } from '../../accounts/my-account.ts';
import type { PrescriptionStatus, RequestItem } from './prescriptions.rules.ts';

const STATUS_CLASS: Record<PrescriptionStatus, string> = {
  requested: 'status',
  in_progress: 'status status--busy',
  ready: 'status status--ok',
  rejected: 'status status--bad',
};

export function statusText(t: Messages, status: PrescriptionStatus): string {
  return t[`prescriptions.status.${status}`];
}

/** The status in words (colour only adds to it). */
export function StatusBadge(props: { t: Messages; status: PrescriptionStatus }) {
  return (
    <span class={STATUS_CLASS[props.status]} data-status={props.status} data-message-id={`prescriptions.status.${props.status}`}>
      {statusText(props.t, props.status)}
    </span>
  );
}

/** `26-11-2026` in Amsterdam time: short enough for a table on a phone. */
export function displayDate(at: Date): string {
  return formatDateTime(at).slice(0, 10);
}

/** `26 november 2026, 11:50` in Amsterdam time. */
export function dateTime(at: Date, locale: Locale): string {
  return `${formatDate(at, locale)}, ${formatTime(at)}`;
}

export function ItemList(props: { items: readonly RequestItem[]; typedLabel?: string }) {
  return (
    <ul class="medicines">
      {props.items.map((item) => (
        <li>
          {item.name}
          {props.typedLabel !== undefined && item.medicationId === null && <span class="hint"> ({props.typedLabel})</span>}
        </li>
      ))}
    </ul>
  );
}
