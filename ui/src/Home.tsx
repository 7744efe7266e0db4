// ホーム: open counts per ledger and status, incidents waiting for 切り分け, overdue items,
// SLA 超過 / 要注意 with who must act, failure notices due, open 再発防止策 (overdue flagged), upcoming releases and recent changes.
// The long lists hold their first 50 (the core's cut) with a 「他 N 件」 line and a 「すべて表示」 button.
import { useEffect, useState } from "react";
import type { HomeDto } from "./bindings/HomeDto";
import type { RecordDto } from "./bindings/RecordDto";
import { api } from "./api";
import { ledgerKeyOfNo, ledgerOf, useApp } from "./ctx";
import { formatValue } from "./format";
import { Chip } from "./ui";

export function Home() {
  const app = useApp();
  const { t } = app;
  const [home, setHome] = useState<HomeDto | null>(null);
  const [all, setAll] = useState(false);
  useEffect(() => {
    api.home(all).then(setHome, (e) => app.showError(e));
  }, [app, all]);
  // The start screen is drawn: a performance mark the benchmark's cold start ends at.
  useEffect(() => {
    if (home) performance.mark("daicho:home");
  }, [home]);
  if (!home) return <div className="muted pad">{t.loading}</div>;
  // Under a list cut to its first rows: how many are left out, and a button for all of them.
  const more = (shown: number, total: number, testId: string) =>
    total > shown && (
      <p className="more" data-testid={`${testId}-more`}>
        {t.moreRows(total - shown)}
        {!all && <button onClick={() => setAll(true)}>{t.showAll}</button>}
      </p>
    );
  const open = (no: string) => app.go({ page: "record", no, ledger: ledgerKeyOfNo(no) });
  const list = (rows: RecordDto[], dateKey: (r: RecordDto) => string, testId: string) => (
    <table className="plain" data-testid={testId}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.ledger + r.no} onClick={() => open(r.no)} className="clickable">
            <td className="nowrap"><a>{r.no}</a></td>
            <td>{r.fields.title}</td>
            <td className="nowrap">{formatValue("date", dateKey(r))}</td>
            <td><Chip ledger={ledgerOf(app.schema, r.ledger)} status={r.fields.status ?? ""} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <div className="home" data-testid="home">
      <section className="card wide">
        <h3>{t.openCounts}</h3>
        <div className="counts">
          {app.schema.ledgers.map((sl) => home.open_counts.find((c) => c.ledger === sl.key)).filter((lc) => lc !== undefined).map((lc) => {
            const l = ledgerOf(app.schema, lc.ledger);
            const sum = lc.counts.reduce((s, c) => s + c.count, 0);
            return (
              <div key={lc.ledger} className="count-block">
                <h4>
                  <a onClick={() => app.go({ page: "ledger", ledger: lc.ledger })}>{l.label}</a> <span className="big">{sum}</span>
                </h4>
                {lc.counts.filter((c) => c.count > 0).map((c) => (
                  <div key={c.status} className="count-line">
                    <Chip ledger={l} status={c.status} /> <b>{c.count}</b>
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </section>
      <section className="card">
        <h3>{t.untriaged} ({home.untriaged_total})</h3>
        {list(home.untriaged, (r) => r.fields.raised_on ?? "", "home-untriaged")}
        {more(home.untriaged.length, home.untriaged_total, "home-untriaged")}
      </section>
      <section className="card">
        <h3>{t.overdue} ({home.overdue_total})</h3>
        {list(home.overdue, (r) => r.fields[ledgerOf(app.schema, r.ledger).due_field ?? ""] ?? "", "home-overdue")}
        {more(home.overdue.length, home.overdue_total, "home-overdue")}
      </section>
      {[
        { rows: home.breached, title: t.slaBreached, id: "home-breached" },
        { rows: home.attention, title: t.slaAttention, id: "home-attention" },
      ].map(({ rows, title, id }) => (
        <section className="card" key={id}>
          <h3>{title} ({rows.length})</h3>
          <table className="plain" data-testid={id}>
            <tbody>
              {rows.map((e) => (
                <tr key={`${e.no}-${e.measure_label}`} onClick={() => open(e.no)} className={e.status_label === "超過" ? "clickable overdue" : "clickable"}>
                  <td className="nowrap"><a>{e.no}</a></td>
                  <td>{e.measure_label}: {e.title}</td>
                  <td className="nowrap">{formatValue("date_time", e.due)}<br />{e.used_pct}%</td>
                  <td>{e.owner}{e.status_label === "超過" ? ` → ${t.escalateTo}: ${e.escalate_to}` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <section className="card">
        <h3>{t.notices} ({home.notices.length})</h3>
        <table className="plain" data-testid="home-notices">
          <tbody>
            {home.notices.map((n) => (
              <tr key={`${n.no}-${n.kind}`} onClick={() => open(n.no)} className={n.overdue ? "clickable overdue" : "clickable"}>
                <td className="nowrap"><a>{n.no}</a></td>
                <td className="nowrap">{n.kind}</td>
                <td>{n.title}</td>
                <td className="nowrap">{formatValue("date_time", n.due)}</td>
                <td className="nowrap">{n.owner}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h3>
          {t.openPreventions} ({home.preventions_total}
          {home.preventions_overdue > 0 ? ` / ${t.overdueMark} ${home.preventions_overdue}` : ""})
        </h3>
        <table className="plain" data-testid="home-preventions">
          <tbody>
            {home.preventions.map((p) => (
              <tr key={`${p.no}-${p.id}`} onClick={() => open(p.no)} className={p.overdue ? "clickable overdue" : "clickable"}>
                <td className="nowrap"><a>{p.no}</a></td>
                <td>{p.content}</td>
                <td className="nowrap">{p.owner}</td>
                <td className="nowrap">{formatValue("date", p.due_on)}{p.overdue ? ` ${t.overdueMark}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {more(home.preventions.length, home.preventions_total, "home-preventions")}
      </section>
      <section className="card">
        <h3>{t.upcomingReleases}</h3>
        {list(home.upcoming_releases, (r) => r.fields.prod_planned_on ?? "", "home-releases")}
      </section>
      <section className="card">
        <h3>{t.recentChanges}</h3>
        <table className="plain">
          <tbody>
            {home.recent_changes.slice(0, 30).map((h) => (
              <tr key={h.id} className="clickable" onClick={() => open(h.no)}>
                <td className="nowrap">{formatValue("date_time", h.at)}</td>
                <td className="nowrap"><a>{h.no}</a></td>
                <td className="nowrap">{h.action}</td>
                <td className="nowrap">{h.label}</td>
                <td className="trunc">{h.new}</td>
                <td className="nowrap">{h.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
