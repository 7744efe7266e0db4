// Small shared widgets: status chip, modal, field input.
import { useEffect, useState, type ReactNode } from "react";
import type { FieldDto } from "./bindings/FieldDto";
import type { LedgerDto } from "./bindings/LedgerDto";
import { formatDate, parseDate, parseDateTime, statusTone } from "./format";
import { useApp } from "./ctx";

export function Chip({ ledger, status }: { ledger?: LedgerDto; status: string }) {
  if (!status) return null;
  return <span className={`chip chip-${statusTone(ledger, status)}`}>{status}</span>;
}

export function Modal(props: { title: string; children: ReactNode; onClose: () => void; testId?: string }) {
  return (
    <div className="modal-back" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div className="modal" role="dialog" aria-label={props.title} data-testid={props.testId}>
        <h3>{props.title}</h3>
        {props.children}
      </div>
    </div>
  );
}

/** One input for a field, chosen by its kind: date picker, master dropdown, … */
export function FieldInput(props: {
  field: FieldDto;
  value: string;
  onChange: (v: string) => void;
  disabled?: boolean;
  id?: string;
}) {
  const { masters } = useApp();
  const { field: f, value, onChange } = props;
  const common = {
    id: props.id,
    name: f.key,
    "data-field": f.key,
    disabled: props.disabled,
    "aria-label": f.label,
  };
  const select = (options: string[]) => (
    <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value=""></option>
      {value && !options.includes(value) && <option value={value}>{value}</option>}
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
  switch (f.kind) {
    case "person":
      return select(masters.person);
    case "org":
      return select(masters.org);
    case "priority":
      return select(masters.priority);
    case "system":
      return select(masters.system);
    case "choice":
      return select(f.options);
    case "date":
      return <DateInput {...common} value={value} onChange={onChange} />;
    case "date_time":
      return <DateTimeInput {...common} value={value} onChange={onChange} />;
    case "time":
      return <input {...common} type="time" value={value} onChange={(e) => onChange(e.target.value)} />;
    case "long_text":
      return <textarea {...common} rows={3} value={value} onChange={(e) => onChange(e.target.value)} />;
    case "int":
    case "decimal":
      return <input {...common} inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} />;
    default:
      return <input {...common} type="text" value={value} onChange={(e) => onChange(e.target.value)} />;
  }
}

/**
 * A date field that shows and accepts 2022/9/22 (also 2022-09-22, 全角, 令和-free
 * forms the core reads) with a calendar picker beside it. The parent gets ISO
 * when the text is a valid date, else the raw text so validation can say why.
 */
export function DateInput(props: {
  value: string;
  onChange: (v: string) => void;
  id?: string;
  name?: string;
  disabled?: boolean;
  "aria-label"?: string;
  "data-field"?: string;
}) {
  const { value, onChange, ...rest } = props;
  const { t } = useApp();
  const [text, setText] = useState(value ? formatDate(value) : "");
  const [picking, setPicking] = useState(false);
  useEffect(() => {
    // Follow outside changes (reload after save) without fighting the user's typing.
    if ((parseDate(text) ?? text) !== value) setText(value ? formatDate(value) : "");
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const iso = parseDate(text) ?? "";
  return (
    <span className="date-input">
      <input
        {...rest}
        type="text"
        placeholder={t.datePlaceholder}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseDate(e.target.value) ?? e.target.value);
        }}
      />
      <button type="button" className="pick" tabIndex={-1} disabled={props.disabled} onClick={() => setPicking((p) => !p)} aria-label="calendar">
        ▾
      </button>
      {picking && (
        <input
          type="date"
          className="picker"
          autoFocus
          value={iso}
          onChange={(e) => {
            setText(e.target.value ? formatDate(e.target.value) : "");
            onChange(e.target.value);
            setPicking(false);
          }}
          onBlur={() => setPicking(false)}
        />
      )}
    </span>
  );
}

/** A date-time field shown and typed as `2022/9/22 14:05`; the parent gets ISO when valid. */
function DateTimeInput(props: {
  value: string;
  onChange: (v: string) => void;
  id?: string;
  name?: string;
  disabled?: boolean;
  "aria-label"?: string;
  "data-field"?: string;
}) {
  const { value, onChange, ...rest } = props;
  const { t } = useApp();
  const [text, setText] = useState(value ? formatDate(value) : "");
  useEffect(() => {
    if ((parseDateTime(text) ?? text) !== value) setText(value ? formatDate(value) : "");
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <input
      {...rest}
      type="text"
      placeholder={t.dateTimePlaceholder}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseDateTime(e.target.value) ?? e.target.value);
      }}
    />
  );
}
