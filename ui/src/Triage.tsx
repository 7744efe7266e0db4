// 定例会: every incident waiting for 切り分け (the core's `untriaged` list);
// choose 種別, 優先度, 担当者 per row and apply (creates the S-/C- record).
// The meeting date defaults to today.
import { useEffect, useState } from "react";
import type { RecordDto } from "./bindings/RecordDto";
import { api } from "./api";
import { ledgerKeyOfNo, ledgerOf, useApp } from "./ctx";
import { formatValue } from "./format";
import { DateInput } from "./ui";

interface Decision {
  kind: string;
  priority: string;
  assignee: string;
  /** 方針は検討中: the incident stays 方針検討中 (方針決定日 later). */
  undecided: boolean;
}
const EMPTY: Decision = { kind: "", priority: "", assignee: "", undecided: false };
interface Outcome {
  no: string;
  title: string;
  kind: string;
  created: string | null;
  priority: string;
  assignee: string;
}

export function Triage() {
  const app = useApp();
  const { t } = app;
  const [date, setDate] = useState(app.today);
  const [rows, setRows] = useState<RecordDto[] | null>(null);
  const [dec, setDec] = useState<Record<string, Decision>>({});
  const [done, setDone] = useState<Outcome[]>([]);
  const incident = ledgerOf(app.schema, "incident");
  // Column labels from the schema; 担当者 is the new S-/C- record's field.
  const label = (key: string) =>
    [...incident.fields, ...ledgerOf(app.schema, "failure").fields].find((f) => f.key === key)?.label ?? key;
  const kinds = incident.fields.find((f) => f.key === "kind")?.options ?? [];

  const load = async () => {
    try {
      const page = await api.list({
        ledger: "incident", statuses: [], open_only: false, overdue: false, untriaged: true,
        column_filters: [], text: null, sort: [{ field: "raised_on", desc: false }], offset: 0, limit: 1000, group_by: null,
      });
      setRows(page.records);
    } catch (e) {
      app.showError(e as never);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const set = (no: string, k: keyof Decision, v: string | boolean) =>
    setDec((m) => ({ ...m, [no]: { ...EMPTY, ...m[no], [k]: v } }));
  const finish = (r: RecordDto, o: Outcome) => {
    app.showError(null);
    setDone((x) => [...x, o]);
    setRows((rs) => rs?.filter((x) => x.no !== r.no) ?? null);
  };

  // Triaged earlier with the policy left open: the meeting now decides it.
  const decide = async (r: RecordDto) => {
    try {
      await api.runAction(r.no, "decide", date, {});
      finish(r, { no: r.no, title: r.fields.title ?? "", kind: t.policyDecided, created: null, priority: "", assignee: "" });
    } catch (e) {
      app.showError(e as never);
    }
  };

  const apply = async (r: RecordDto) => {
    const d = dec[r.no] ?? EMPTY;
    if (!d.kind) {
      app.showError({ kind: "invalid", message: t.chooseKind(r.no, label("kind")) });
      return;
    }
    try {
      const out = await api.triage({
        no: r.no, kind: d.kind, priority: d.priority || null, assignee: d.assignee || null, meeting_date: date, undecided: d.undecided,
      });
      const kind = d.undecided ? `${d.kind} (${t.policyPending})` : d.kind;
      finish(r, { no: r.no, title: r.fields.title ?? "", kind, created: out.created?.no ?? null, priority: d.priority, assignee: d.assignee });
    } catch (e) {
      app.showError(e as never);
    }
  };
  const open = (no: string) => app.go({ page: "record", no, ledger: ledgerKeyOfNo(no) });

  return (
    <div className="triage" data-testid="triage">
      <div className="toolbar">
        <h2>{t.triage}</h2>
        <label>
          {t.meetingDate} <DateInput data-field="meeting_date" value={date} onChange={setDate} />
        </label>
      </div>
      {rows && rows.length === 0 && <p className="muted pad">{t.nothingToTriage}</p>}
      {rows && rows.length > 0 && (
      <table className="plain triage-table">
        <thead>
          <tr>
            {["no", "raised_on", "origin_org", "title", "kind", "priority", "assignee"].map((k) => <th key={k}>{label(k)}</th>)}
            <th>{t.policyPending}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows?.map((r) => {
            const d = dec[r.no];
            return (
              <tr key={r.no} data-no={r.no}>
                <td className="nowrap"><a onClick={() => open(r.no)}>{r.no}</a></td>
                <td className="nowrap">{formatValue("date", r.fields.raised_on)}</td>
                <td>{r.fields.origin_org}</td>
                <td title={r.fields.summary}>{r.fields.title}</td>
                {r.fields.triaged_on ? (
                  <>
                    <td>{r.fields.kind}</td>
                    <td colSpan={3} className="muted">{t.triagedOn(formatValue("date", r.fields.triaged_on))}</td>
                    <td><button className="primary" data-triage="decide" onClick={() => decide(r)}>{t.decidePolicy}</button></td>
                  </>
                ) : (
                  <>
                  <td>
                    <select data-triage="kind" value={d?.kind ?? ""} onChange={(e) => set(r.no, "kind", e.target.value)}>
                      <option value="" />
                      {kinds.map((k) => <option key={k}>{k}</option>)}
                    </select>
                  </td>
                  <td>
                    <select data-triage="priority" value={d?.priority ?? ""} onChange={(e) => set(r.no, "priority", e.target.value)}>
                      <option value="" />
                      {app.masters.priority.map((k) => <option key={k}>{k}</option>)}
                    </select>
                  </td>
                  <td>
                    <select data-triage="assignee" value={d?.assignee ?? ""} onChange={(e) => set(r.no, "assignee", e.target.value)}>
                      <option value="" />
                      {app.masters.person.map((k) => <option key={k}>{k}</option>)}
                    </select>
                  </td>
                    <td><input type="checkbox" data-triage="undecided" checked={d?.undecided ?? false} onChange={(e) => set(r.no, "undecided", e.target.checked)} /></td>
                    <td><button className="primary" data-triage="apply" onClick={() => apply(r)}>{t.apply}</button></td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      )}
      {done.length > 0 && (
        <section className="card" data-testid="triage-summary">
          <h3>{t.decided} ({formatValue("date", date)})</h3>
          <ul>
            {done.map((o) => (
              <li key={o.no}>
                <a onClick={() => open(o.no)}>{o.no}</a> {o.title}: <b>{o.kind}</b>
                {o.created && <> → <a data-created={o.created} onClick={() => open(o.created!)}>{o.created}</a></>}
                {o.priority && <> / {label("priority")} {o.priority}</>}
                {o.assignee && <> / {label("assignee")} {o.assignee}</>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
