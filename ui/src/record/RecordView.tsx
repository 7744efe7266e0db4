// The record view (and the new-record form): every field editable with
// validation, the actions the core allows now as buttons, child tables,
// linked records, release members and stages, and the 履歴 tab.
import { useState } from "react";
import type { ActionDto } from "../bindings/ActionDto";
import { ledgerKeyOfNo, ledgerOf, useApp } from "../ctx";
import { formatValue } from "../format";
import { Chip, FieldInput } from "../ui";
import { ExportBar } from "../Export";
import { ActionDialog } from "./ActionDialog";
import { ChildTable } from "./ChildTable";
import { HistoryTable } from "./HistoryTable";
import { Attachments } from "./Attachments";
import { Members, SameRoot } from "./Members";
import { useRecord } from "./useRecord";

export function RecordView({ no, ledgerKey }: { no: string | null; ledgerKey: string }) {
  const app = useApp();
  const { t } = app;
  const ledger = ledgerOf(app.schema, ledgerKey);
  const { detail, values, errors, history, flash, isNew, dirty, newVersion, setNewVersion, set, save, load } = useRecord(no, ledger);
  const [tab, setTab] = useState("fields");
  const [action, setAction] = useState<ActionDto | null>(null);

  const actions = detail?.actions ?? [];
  const links = detail?.links ?? [];
  const members = links.filter((l) => l.relation === "member");
  const others = links.filter((l) => l.relation !== "member");
  const sameRoot = links.filter((l) => l.relation === "same_root");

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
        {!isNew && ledgerKey === "failure" && (
          <button className={tab === "same_root" ? "on" : ""} data-tab="same_root" onClick={() => setTab("same_root")}>
            {t.sameRootTitle} ({sameRoot.length})
          </button>
        )}
        {!isNew &&
          ledger.children.map((c) => (
            <button key={c.key} className={tab === c.key ? "on" : ""} data-tab={c.key} onClick={() => setTab(c.key)}>
              {c.label} ({detail?.children[c.key]?.length ?? 0})
            </button>
          ))}
        {!isNew && (
          <button className={tab === "attachments" ? "on" : ""} data-tab="attachments" onClick={() => setTab("attachments")}>
            {t.attachmentsTab} ({detail?.attachments.length ?? 0})
          </button>
        )}
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
      {tab === "same_root" && detail && <SameRoot no={detail.record.no} links={sameRoot} reload={load} />}
      {ledger.children.map(
        (c) => tab === c.key && detail && <ChildTable key={c.key} no={detail.record.no} def={c} detail={detail} reload={load} />,
      )}
      {tab === "attachments" && detail && (
        <Attachments no={detail.record.no} files={detail.attachments} reload={load} />
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
