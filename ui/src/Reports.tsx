// レポート: a month's main figures with charts (12-month trend, SLA, 根本原因),
// its 所見・改善提案, and the 月次報告書 / 定例会資料 files.
import { useEffect, useMemo, useState } from "react";
import type { ChartConfiguration } from "chart.js";
import type { MonthlyDto } from "./bindings/MonthlyDto";
import type { FlowDto } from "./bindings/FlowDto";
import { api, toAppError } from "./api";
import { useApp } from "./ctx";
import type { Dict } from "./i18n";
import { formatNumber, previousMonth } from "./format";
import { useExporter } from "./Export";
import { DateInput } from "./ui";
import { ChartCanvas } from "./Chart";

const COLORS = { raised: "#4e79a7", closed: "#59a14f", backlog: "#e15759", failures: "#f28e2b", changes: "#76b7b2", gray: "#bab0ac" };

/** The three charts of a month: 12-month trend, SLA %, 根本原因分類. */
function charts(f: MonthlyDto, t: Dict): Record<"trend" | "sla" | "causes", ChartConfiguration> {
  const labels = f.trend.map((p) => p.label);
  const line = (label: string, data: number[], color: string, dash = false) => ({
    type: "line" as const, label, data, borderColor: color, backgroundColor: color, borderDash: dash ? [4, 2] : [], tension: 0.2,
  });
  return {
    trend: {
      type: "bar",
      data: {
        labels,
        datasets: [
          { type: "bar", label: t.raised, data: f.trend.map((p) => p.incidents.raised), backgroundColor: COLORS.raised },
          { type: "bar", label: t.closed, data: f.trend.map((p) => p.incidents.closed), backgroundColor: COLORS.closed },
          line(t.backlog, f.trend.map((p) => p.incidents.backlog), COLORS.backlog),
          line(t.failuresRaised, f.trend.map((p) => p.failures_raised), COLORS.failures, true),
          line(t.changesRaised, f.trend.map((p) => p.changes_raised), COLORS.changes, true),
        ],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    } as ChartConfiguration,
    sla: {
      type: "bar",
      data: {
        labels: f.sla.map((s) => s.label),
        datasets: [{ label: `${t.achievement} (%)`, data: f.sla.map((s) => s.achievement_pct), backgroundColor: COLORS.raised }],
      },
      options: { scales: { y: { min: 0, max: 100 } } },
    },
    causes: {
      type: "bar",
      data: {
        labels: f.root_causes.map((c) => c.name),
        datasets: [
          { label: t.thisMonth, data: f.root_causes.map((c) => c.month), backgroundColor: COLORS.backlog },
          { label: t.twelveMonths, data: f.root_causes.map((c) => c.twelve_months), backgroundColor: COLORS.gray },
        ],
      },
      options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    },
  };
}

export function Reports() {
  const app = useApp();
  const { t } = app;
  const [month, setMonth] = useState(previousMonth(app.today));
  const [fig, setFig] = useState<MonthlyDto | null>(null);
  const [findings, setFindings] = useState("");
  // 原因分析 of each 未達 target, by target key, as typed.
  const [causes, setCauses] = useState<Record<string, string>>({});
  const [flash, setFlash] = useState("");
  const [meeting, setMeeting] = useState(app.today);
  const ex = useExporter();
  const chart = useMemo(() => fig && charts(fig, t), [fig, t]);

  useEffect(() => {
    let live = true;
    setFig(null);
    api.monthly(month).then(
      (f) => {
        if (!live) return;
        setFig(f);
        setFindings(f.findings);
        setCauses(Object.fromEntries(f.targets.map((x) => [x.key, x.cause])));
        setFlash("");
      },
      (e) => app.showError(toAppError(e)),
    );
    return () => {
      live = false;
    };
  }, [month, app]);

  const saveFindings = async () => {
    try {
      await api.saveFindings(month, findings);
      app.showError(null);
      setFlash(t.saved);
    } catch (e) {
      app.showError(toAppError(e));
    }
  };

  const saveCause = async (key: string) => {
    try {
      await api.saveTargetCause(month, key, causes[key] ?? "");
      app.showError(null);
      setFlash(t.saved);
    } catch (e) {
      app.showError(toAppError(e));
    }
  };

  return (
    <div className="reports" data-testid="reports">
      <div className="toolbar">
        <h2>{t.reports}</h2>
        <input type="month" data-testid="report-month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        {fig && <span className="muted">{fig.label} ({fig.closed_month ? t.closedMonth : `${t.asOf} ${fig.as_of.replace("T", " ")}`})</span>}
        <span className="spacer" />
        {ex.busy && <span className="busy" data-testid="report-busy">{t.exporting}</span>}
        <button className="primary" data-testid="write-monthly" disabled={ex.busy}
          onClick={async () => { await saveFindings(); await ex.run((folder) => api.writeMonthly(month, folder)); }}>
          {t.writeMonthly}
        </button>
      </div>
      {!fig && <div className="muted pad">{t.loading}</div>}
      {fig && (
        <div className="report-grid">
          <section className="card" data-testid="report-figures">
            <h3>{t.mainFigures}</h3>
            <table className="plain">
              <thead>
                <tr><th></th><th>{t.raised}</th><th>{t.closed}</th><th>{t.backlog}</th></tr>
              </thead>
              <tbody>
                {([[t.incidents, fig.incidents], [t.failures, fig.failures], [t.changes, fig.changes]] as [string, FlowDto][]).map(([name, f]) => (
                  <tr key={name}><td>{name}</td><td>{f.raised}</td><td>{f.closed}</td><td>{f.backlog}</td></tr>
                ))}
              </tbody>
            </table>
            <p>
              MTTR {formatNumber(fig.mttr_hours, 1)} h ・ MTBF {formatNumber(fig.mtbf_hours, 1)} h ・ {t.failuresRaised} {t.cases(fig.failures_occurred)} ・ {t.recurrences} {t.cases(fig.recurrences)}
            </p>
            <table className="plain">
              <thead>
                <tr><th>SLA</th><th>{t.met}</th><th>{t.breached}</th><th>{t.atRisk}</th><th>{t.running}</th><th>{t.achievement}</th></tr>
              </thead>
              <tbody>
                {fig.sla.map((s) => (
                  <tr key={s.label}>
                    <td>{s.label}</td><td>{s.met}</td><td>{s.breached}</td><td>{s.at_risk}</td><td>{s.running}</td>
                    <td>{s.achievement_pct === null ? "—" : `${formatNumber(s.achievement_pct, 1)}%`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" data-testid="chart-trend">
            <h3>{t.trend12}</h3>
            <ChartCanvas config={chart!.trend} height={260} testId="trend-canvas" />
          </section>
          <section className="card" data-testid="chart-sla">
            <h3>{t.slaPct}</h3>
            <ChartCanvas config={chart!.sla} height={220} />
          </section>
          <section className="card" data-testid="chart-root-causes">
            <h3>{t.rootCauses}</h3>
            {fig.root_causes.length === 0 ? <p className="muted">{t.noData}</p> : (
              <ChartCanvas config={chart!.causes} height={Math.max(160, 30 * fig.root_causes.length + 60)} />
            )}
          </section>
          <section className="card wide" data-testid="targets">
            <h3>{t.targetsTitle}</h3>
            <table className="plain">
              <thead>
                <tr><th></th><th>{t.target}</th><th>{t.actual}</th><th>{t.verdict}</th><th>{t.causeAnalysis}</th></tr>
              </thead>
              <tbody>
                {fig.targets.map((x) => (
                  <tr key={x.key} data-target={x.key} className={x.met === false ? "overdue" : ""}>
                    <td>{x.name}</td><td>{x.target}</td><td>{x.actual}</td>
                    <td>{x.met === null ? "—" : x.met ? t.targetMet : t.targetMissed}</td>
                    <td>
                      {x.met === false && (
                        <div className="inline">
                          <input data-cause={x.key} aria-label={`${x.name} ${t.causeAnalysis}`} value={causes[x.key] ?? ""}
                            onChange={(e) => { setCauses((c) => ({ ...c, [x.key]: e.target.value })); setFlash(""); }} />
                          <button data-save-cause={x.key} onClick={() => saveCause(x.key)}>{t.save}</button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card wide">
            <h3>{t.findings}</h3>
            {fig.findings_is_draft && findings === fig.findings && <p className="muted" data-testid="findings-draft">{t.findingsDraft}</p>}
            <textarea data-testid="findings" rows={5} value={findings} onChange={(e) => { setFindings(e.target.value); setFlash(""); }} />
            <div className="buttons">
              {flash && <span className="flash">{flash}</span>}
              <button data-testid="save-findings" onClick={saveFindings}>{t.save}</button>
            </div>
          </section>
          <section className="card wide" data-testid="weekly">
            <h3>{t.weeklyTitle}</h3>
            <div className="inline">
              <label>{t.meetingDate}</label>
              <DateInput value={meeting} onChange={setMeeting} aria-label={t.meetingDate} />
              <button className="primary" data-testid="write-weekly" disabled={ex.busy || !meeting}
                onClick={() => ex.run((folder) => api.writeWeekly(meeting, folder))}>
                {t.writeWeekly}
              </button>
            </div>
          </section>
        </div>
      )}
      {ex.dialog}
    </div>
  );
}
