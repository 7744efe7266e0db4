// The dialog of a workflow action: its date, the fields it still needs and,
// for a release's NG, a note; then runs it.
import { useState } from "react";
import type { ActionDto } from "../bindings/ActionDto";
import type { LedgerDto } from "../bindings/LedgerDto";
import { api } from "../api";
import { useApp } from "../ctx";
import { missingForAction, validateField } from "../format";
import { DateInput, FieldInput, Modal } from "../ui";

/** Prompts for an action's date and the fields it still needs, then runs it. */
export function ActionDialog(props: {
  ledger: LedgerDto;
  action: ActionDto;
  record: Record<string, string>;
  no: string;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const app = useApp();
  const { t } = app;
  const a = props.action;
  const isTriage = a.key === "triage";
  const needKeys = isTriage ? ["kind", "priority"] : missingForAction(a, props.record);
  const need = needKeys.map((k) => props.ledger.fields.find((f) => f.key === k)!).filter(Boolean);
  const [date, setDate] = useState(app.today);
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [note, setNote] = useState("");
  const isRelease = props.ledger.key === "release";
  const run = async () => {
    const errs = need.map((f) => validateField({ ...f, required: f.key !== "priority" || !isTriage }, inputs[f.key] ?? "")).filter(Boolean);
    if (errs.length) {
      app.showError({ kind: "invalid", message: errs.join(" ") });
      return;
    }
    try {
      if (isRelease) await api.releaseAction(props.no, a.key, date, note || null);
      else await api.runAction(props.no, a.key, date, Object.fromEntries(Object.entries(inputs).filter(([, v]) => v)));
      app.showError(null);
      await props.onDone();
    } catch (e) {
      app.showError(e as never);
    }
  };
  return (
    <Modal title={`${props.no}: ${a.name}`} onClose={props.onClose} testId="action-dialog">
      <div className="form">
        <div className="row">
          <label>{t.actionDate}</label>
          <DateInput data-field="action_date" value={date} onChange={setDate} />
        </div>
        {need.map((f) => (
          <div className="row" key={f.key}>
            <label>
              {f.label}
              <span className="req">*</span>
            </label>
            <FieldInput field={f} value={inputs[f.key] ?? ""} onChange={(v) => setInputs((m) => ({ ...m, [f.key]: v }))} />
          </div>
        ))}
        {isRelease && a.key.includes("ng") && (
          <div className="row wide">
            <label>{t.note}</label>
            <textarea value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
        )}
      </div>
      <div className="buttons">
        <button onClick={props.onClose}>{t.cancel}</button>
        <button className="primary" data-testid="run-action" onClick={run}>
          {a.name}
        </button>
      </div>
    </Modal>
  );
}
