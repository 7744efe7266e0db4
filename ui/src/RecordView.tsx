// The record view (and the new-record form): every field editable with
// validation, the allowed next actions as buttons, child tables, linked
// records, release members and stages, and the 履歴 tab.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ActionDto } from "./bindings/ActionDto";
import type { ChildDto } from "./bindings/ChildDto";
import type { DetailDto } from "./bindings/DetailDto";
import type { HistoryDto } from "./bindings/HistoryDto";
import type { LedgerDto } from "./bindings/LedgerDto";
import { api } from "./api";
import { ledgerKeyOfNo, ledgerOf, useApp } from "./ctx";
import { allowedActions, changedFields, formatValue, missingForAction, validateAll, validateField } from "./format";
import { Chip, DateInput, FieldInput, Modal } from "./ui";
import { ExportBar } from "./Export";

export function RecordView({ no, ledgerKey }: { no: string | null; ledgerKey: string }) {
  const app = useApp();
  const { t } = app;
  const ledger = ledgerOf(app.schema, ledgerKey);
  const [detail, setDetail] = useState<DetailDto | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [tab, setTab] = useState("fields");
  const [history, setHistory] = useState<HistoryDto[]>([]);
  const [action, setAction] = useState<ActionDto | null>(null);
  const [flash, setFlash] = useState("");
  const [newVersion, setNewVersion] = useState("");

  const isNew = no === null;
  const original = useMemo(() => detail?.record.fields ?? {}, [detail]);

  const load = useCallback(async () => {
    if (!no) {
      const defaults: Record<string, string> = {};
      if (ledger.fields.some((f) => f.key === "raised_on")) defaults.raised_on = app.today;
      setValues(defaults);
      return;
    }
    try {
      const d = await api.detail(no);
      setDetail(d);
      setValues({ ...d.record.fields });
      setErrors({});
      setHistory(await api.history(no));
    } catch (e) {
      app.showError(e as never);
    }
  }, [no, ledger, app]);

  useEffect(() => {
    void load();
  }, [load]);

  const dirty = isNew
    ? Object.entries(values).some(([k, v]) => v && !(k === "raised_on" && v === app.today))
    : Object.keys(changedFields(original, values)).length > 0;
  useEffect(() => {
    app.setDirty(dirty);
    return () => app.setDirty(false);
  }, [dirty, app]);

  const set = (k: string, v: string) => {
    setValues((m) => ({ ...m, [k]: v }));
    const f = ledger.fields.find((x) => x.key === k);
    if (f) setErrors((e) => ({ ...e, [k]: validateField(f, v) ?? "" }));
  };

  const save = async () => {
    const errs = validateAll(ledger.fields, values);
    setErrors(errs);
    if (Object.values(errs).some(Boolean)) {
      app.showError({ kind: "invalid", message: Object.values(errs).filter(Boolean).join(" ") });
      return;
    }
    try {
      if (isNew) {
        const editable = Object.fromEntries(
          Object.entries(values).filter(([k, v]) => v && !ledger.fields.find((f) => f.key === k)?.system),
        );
        let rec;
        if (ledgerKey === "release") {
          const { version, ...rest } = editable;
          rec = await api.createRelease(version ?? newVersion, rest);
        } else {
          rec = await api.create(ledgerKey, editable);
        }
        app.setDirty(false);
        app.showError(null);
        app.go({ page: "record", no: rec.no, ledger: ledgerKey });
      } else {
        const changes = changedFields(original, values);
        delete changes.version;
        await api.edit(no!, changes);
        app.showError(null);
        setFlash(t.saved);
        await load();
      }
    } catch (e) {
      app.showError(e as never);
    }
  };

  const actions = detail ? allowedActions(ledger, detail.record.fields) : [];
  const links = detail?.links ?? [];
  const members = links.filter((l) => l.relation === "member");
  const others = links.filter((l) => l.relation !== "member");

  return (
    <div className="record" data-testid="record-view">
      <div className="toolbar">
        <button onClick={() => app.go({ page: "ledger", ledger: ledgerKey })}>← {t.back}</button>
        <h2 data-testid="record-no">
          {isNew ? `${ledger.label} ${ledgerKey === "release" ? t.newRelease : t.newRecord}` : no}
        </h2>
        {detail && <Chip ledger={ledger} status={detail.record.fields.status ?? ""} />}
        <span className="record-title">{detail?.record.fields.title}</span>
        <span className="spacer" />
        {flash && <span className="flash">{flash}</span>}
        <button className="primary" data-testid="save" onClick={save} disabled={!isNew && !dirty}>
          {t.save}
        </button>
      </div>
      {!isNew && (
        <div className="actions" data-testid="actions">
          <span className="muted">{t.actionsTitle}:</span>
          {actions.map((a) => (
            <button key={a.key} data-action={a.name} onClick={() => setAction(a)} disabled={dirty}>
              {a.name}
            </button>
          ))}
        </div>
      )}
      {!isNew && <ExportBar no={no!} ledgerKey={ledgerKey} />}
      {!isNew && (others.length > 0 || ledgerKey === "release") && (
        <div className="links">
          {others.map((l) => (
            <button key={l.relation + l.no} className="link" data-link={l.no}
              onClick={() => app.go({ page: "record", no: l.no, ledger: ledgerKeyOfNo(l.no) })}>
              {l.no} {l.title} <Chip ledger={ledgerOf(app.schema, ledgerKeyOfNo(l.no))} status={l.status} />
            </button>
          ))}
        </div>
      )}
      <div className="tabs">
        <button className={tab === "fields" ? "on" : ""} onClick={() => setTab("fields")}>{t.fieldsTab}</button>
        {!isNew && ledgerKey === "release" && (
          <button className={tab === "members" ? "on" : ""} data-tab="members" onClick={() => setTab("members")}>
            {t.membersTitle} ({members.length})
          </button>
        )}
        {!isNew &&
          ledger.children.map((c) => (
            <button key={c.key} className={tab === c.key ? "on" : ""} data-tab={c.key} onClick={() => setTab(c.key)}>
              {c.label} ({detail?.children[c.key]?.length ?? 0})
            </button>
          ))}
        {!isNew && (
          <button className={tab === "history" ? "on" : ""} data-tab="history" onClick={() => setTab("history")}>
            {t.historyTab}
          </button>
        )}
      </div>
      {tab === "fields" && (
        <div className="form" data-testid="record-form">
          {ledger.fields.map((f) => {
            const readOnly = f.system || (!isNew && f.key === "version");
            if (isNew && f.system && f.key !== "version") return null;
            return (
              <div key={f.key} className={`row ${f.kind === "long_text" ? "wide" : ""}`}>
                <label htmlFor={`f-${f.key}`}>
                  {f.label}
                  {f.required && <span className="req" title={t.required}>*</span>}
                </label>
                {readOnly ? (
                  <div className="ro" data-field={f.key}>
                    {f.key === "no" ? no : formatValue(f.kind, values[f.key])}
                  </div>
                ) : (
                  <FieldInput id={`f-${f.key}`} field={f} value={values[f.key] ?? ""} onChange={(v) => set(f.key, v)} />
                )}
                {errors[f.key] && <div className="field-error">{errors[f.key]}</div>}
              </div>
            );
          })}
          {isNew && ledgerKey === "release" && !ledger.fields.some((f) => f.key === "version") && (
            <input value={newVersion} onChange={(e) => setNewVersion(e.target.value)} />
          )}
        </div>
      )}
      {tab === "members" && detail && (
        <Members version={detail.record.no} members={members} reload={load} />
      )}
      {ledger.children.map(
        (c) => tab === c.key && detail && <ChildTable key={c.key} no={detail.record.no} def={c} detail={detail} reload={load} />,
      )}
      {tab === "history" && <HistoryTable rows={history} />}
      {action && detail && (
        <ActionDialog
          ledger={ledger}
          action={action}
          record={detail.record.fields}
          no={detail.record.no}
          onClose={() => setAction(null)}
          onDone={async () => {
            setAction(null);
            await load();
          }}
        />
      )}
    </div>
  );
}

function Members(props: { version: string; members: DetailDto["links"]; reload: () => Promise<void> }) {
  const app = useApp();
  const [no, setNo] = useState("");
  const add = async () => {
    try {
      await api.addMember(props.version, no.trim());
      setNo("");
      app.showError(null);
      await props.reload();
    } catch (e) {
      app.showError(e as never);
    }
  };
  return (
    <div className="members" data-testid="members">
      <table className="plain">
        <tbody>
          {props.members.map((m) => (
            <tr key={m.no}>
              <td>
                <a onClick={() => app.go({ page: "record", no: m.no, ledger: ledgerKeyOfNo(m.no) })}>{m.no}</a>
              </td>
              <td>{m.title}</td>
              <td>
                <Chip ledger={ledgerOf(app.schema, ledgerKeyOfNo(m.no))} status={m.status} />
              </td>
              <td>
                <button
                  onClick={async () => {
                    try {
                      await api.removeMember(props.version, m.no);
                      await props.reload();
                    } catch (e) {
                      app.showError(e as never);
                    }
                  }}
                >
                  {app.t.remove}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inline">
        <input data-testid="member-no" placeholder="S-0001 / C-0001" value={no} onChange={(e) => setNo(e.target.value)} />
        <button data-testid="add-member" onClick={add}>
          {app.t.addMember}
        </button>
      </div>
    </div>
  );
}

function ChildTable(props: { no: string; def: ChildDto; detail: DetailDto; reload: () => Promise<void> }) {
  const app = useApp();
  const rows = props.detail.children[props.def.key] ?? [];
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState<number | null>(null);
  const [edit, setEdit] = useState<Record<string, string>>({});
  const saveEdit = async (id: number, before: Record<string, string>) => {
    const errs = validateAll(props.def.columns, edit);
    if (Object.keys(errs).length) {
      app.showError({ kind: "invalid", message: Object.values(errs).join(" ") });
      return;
    }
    try {
      await api.editChild(props.no, props.def.key, id, changedFields(before, edit));
      setEditing(null);
      app.showError(null);
      await props.reload();
    } catch (e) {
      app.showError(e as never);
    }
  };
  const add = async () => {
    const errs = validateAll(props.def.columns, draft);
    if (Object.keys(errs).length) {
      app.showError({ kind: "invalid", message: Object.values(errs).join(" ") });
      return;
    }
    try {
      await api.addChild(props.no, props.def.key, Object.fromEntries(Object.entries(draft).filter(([, v]) => v)));
      setDraft({});
      app.showError(null);
      await props.reload();
    } catch (e) {
      app.showError(e as never);
    }
  };
  return (
    <div className="children" data-testid={`child-${props.def.key}`}>
      <table className="plain">
        <thead>
          <tr>
            {props.def.columns.map((c) => (
              <th key={c.key}>
                {c.label}
                {c.required && <span className="req">*</span>}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) =>
            editing === r.id ? (
              <tr key={r.id} className="draft">
                {props.def.columns.map((c) => (
                  <td key={c.key}>
                    <FieldInput field={c} value={edit[c.key] ?? ""} onChange={(v) => setEdit((d) => ({ ...d, [c.key]: v }))} />
                  </td>
                ))}
                <td className="nowrap">
                  <button className="primary" onClick={() => saveEdit(r.id, r.fields)}>{app.t.save}</button>
                  <button onClick={() => setEditing(null)}>{app.t.cancel}</button>
                </td>
              </tr>
            ) : (
              <tr key={r.id}>
                {props.def.columns.map((c) => (
                  <td key={c.key} className="pre">{formatValue(c.kind, r.fields[c.key])}</td>
                ))}
                <td className="nowrap">
                  <button
                    onClick={() => {
                      setEditing(r.id);
                      setEdit({ ...r.fields });
                    }}
                  >
                    {app.t.edit}
                  </button>
                  <button
                    onClick={async () => {
                      try {
                        await api.removeChild(props.no, props.def.key, r.id);
                        await props.reload();
                      } catch (e) {
                        app.showError(e as never);
                      }
                    }}
                  >
                    {app.t.delete}
                  </button>
                </td>
              </tr>
            ),
          )}
          <tr className="draft">
            {props.def.columns.map((c) => (
              <td key={c.key}>
                <FieldInput field={c} value={draft[c.key] ?? ""} onChange={(v) => setDraft((d) => ({ ...d, [c.key]: v }))} />
              </td>
            ))}
            <td>
              <button data-add-row onClick={add}>{app.t.addRow}</button>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function HistoryTable({ rows }: { rows: HistoryDto[] }) {
  const { t } = useApp();
  return (
    <table className="plain history" data-testid="history">
      <thead>
        <tr>
          <th>{t.when}</th>
          <th>{t.who}</th>
          <th>{t.action}</th>
          <th>{t.field}</th>
          <th>{t.before}</th>
          <th>{t.after}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((h) => (
          <tr key={h.id}>
            <td>{formatValue("date_time", h.at)}</td>
            <td>{h.actor}</td>
            <td>{h.action}</td>
            <td>{h.label}</td>
            <td className="pre">{h.old}</td>
            <td className="pre">{h.new}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Prompts for an action's date and the fields it still needs, then runs it. */
function ActionDialog(props: {
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
