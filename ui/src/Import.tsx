// インポート: pick a ledger file (Excel / CSV), check the sheet, ledger and
// column mapping, dry-run to see every problem, then import all or nothing.
import { useState } from "react";
import type { ImportRequest } from "./bindings/ImportRequest";
import type { InspectionDto } from "./bindings/InspectionDto";
import type { ImportOutcomeDto } from "./bindings/ImportOutcomeDto";
import type { ImportProblemDto } from "./bindings/ImportProblemDto";
import { api, toAppError } from "./api";
import { ledgerOf, useApp } from "./ctx";
import { mappingChanges } from "./format";

export function Import() {
  const app = useApp();
  const { t } = app;
  const [path, setPath] = useState("");
  const [encoding, setEncoding] = useState("auto");
  const [found, setFound] = useState<InspectionDto | null>(null);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [createMasters, setCreateMasters] = useState(false);
  const [updateExisting, setUpdateExisting] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcomeDto | null>(null);
  const [busy, setBusy] = useState(false);

  const request = (over: Partial<ImportRequest> = {}): ImportRequest => ({
    path,
    encoding,
    sheet: found?.sheet ?? null,
    ledger: found?.ledger ?? null,
    header_row: found?.header_row ?? null,
    columns: found ? mappingChanges(found.columns, chosen) : [],
    create_masters: createMasters,
    update_existing: updateExisting,
    ...over,
  });

  const busyDo = async (f: () => Promise<void>) => {
    setBusy(true);
    try {
      await f();
      app.showError(null);
    } catch (e) {
      app.showError(toAppError(e));
    } finally {
      setBusy(false);
    }
  };

  /** Reads the file again with new choices; the column mapping starts over. */
  const inspect = (over: Partial<ImportRequest>) =>
    busyDo(async () => {
      const f = await api.inspectImport({ ...request(over), columns: [] });
      setFound(f);
      setChosen(Object.fromEntries(f.columns.map((c) => [c.column, c.field ?? ""])));
      setOutcome(null);
    });

  const run = (dryRun: boolean) =>
    busyDo(async () => {
      setOutcome(await api.runImport(request(), dryRun));
      if (!dryRun) await app.reloadMasters();
    });

  const browse = async () => {
    try {
      const p = await api.pickImportFile();
      if (p) setPath(p);
    } catch (e) {
      app.showError(toAppError(e));
    }
  };

  const fields = found ? ledgerOf(app.schema, found.ledger).fields : [];
  return (
    <div className="import" data-testid="import">
      <div className="toolbar">
        <h2>{t.importTitle}</h2>
        <span className="spacer" />
        {busy && <span className="muted">{t.loading}</span>}
      </div>
      <section className="card form">
        <div className="row">
          <label>{t.importFile}</label>
          <div className="inline">
            <input data-testid="import-path" value={path} onChange={(e) => setPath(e.target.value)} placeholder={t.importPathPlaceholder} />
            <button onClick={browse}>{t.browse}</button>
          </div>
        </div>
        <div className="row">
          <label>{t.encoding}</label>
          <select data-testid="import-encoding" value={encoding} onChange={(e) => setEncoding(e.target.value)}>
            <option value="auto">{t.encodingAuto}</option>
            <option value="utf8">UTF-8</option>
            <option value="shift_jis">Shift_JIS (CP932)</option>
          </select>
        </div>
        <div className="buttons">
          <button className="primary" data-testid="import-read" disabled={!path.trim() || busy} onClick={() => inspect({ sheet: null, ledger: null, header_row: null })}>
            {t.importRead}
          </button>
        </div>
      </section>

      {found && (
        <section className="card" data-testid="import-found">
          <div className="inline">
            <label>{t.sheet}</label>
            <select data-testid="import-sheet" value={found.sheet} onChange={(e) => inspect({ sheet: e.target.value, ledger: null, header_row: null })}>
              {found.sheets.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name} ({t.rowCount(s.rows)})
                </option>
              ))}
            </select>
            <label>{t.ledgerLabel}</label>
            <select data-testid="import-ledger" value={found.ledger} onChange={(e) => inspect({ ledger: e.target.value })}>
              {app.schema.ledgers.map((l) => (
                <option key={l.key} value={l.key}>{l.label}</option>
              ))}
            </select>
            <label>{t.headerRow}</label>
            <input type="number" min={1} className="narrow" value={found.header_row}
              onChange={(e) => inspect({ header_row: Number(e.target.value) || null })} />
            <span className="muted">
              {found.file_name} {found.encoding ?? ""} ・ {t.dataRows}: {found.first_data_row}〜{found.last_row}
            </span>
          </div>
          <table className="plain" data-testid="import-mapping">
            <thead>
              <tr><th>{t.column}</th><th>{t.header}</th><th>{t.importInto}</th></tr>
            </thead>
            <tbody>
              {found.columns.map((c) => (
                <tr key={c.column}>
                  <td>{c.column}</td>
                  <td>{c.header}</td>
                  <td>
                    <select data-column={c.column} value={chosen[c.column] ?? ""}
                      onChange={(e) => { setChosen({ ...chosen, [c.column]: e.target.value }); setOutcome(null); }}>
                      <option value="">{t.notImported}</option>
                      {fields.map((f) => (
                        <option key={f.key} value={f.key}>{f.label}</option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="buttons">
            <label className="inline">
              <input type="checkbox" data-testid="import-create-masters" checked={createMasters}
                onChange={(e) => { setCreateMasters(e.target.checked); setOutcome(null); }} />
              {t.createMasters}
            </label>
            <label className="inline" title={t.updateExistingHint}>
              <input type="checkbox" data-testid="import-update-existing" checked={updateExisting}
                onChange={(e) => { setUpdateExisting(e.target.checked); setOutcome(null); }} />
              {t.updateExisting}
            </label>
            <button data-testid="import-dry-run" disabled={busy} onClick={() => run(true)}>{t.dryRun}</button>
            <button className="primary" data-testid="import-run" disabled={busy || !outcome?.dry_run || outcome.problems.length > 0}
              onClick={() => run(false)}>{t.doImport}</button>
          </div>
        </section>
      )}

      {outcome && <Outcome o={outcome} />}
    </div>
  );
}

function Outcome({ o }: { o: ImportOutcomeDto }) {
  const { t } = useApp();
  return (
    <section className="card" data-testid="import-outcome">
      <h3>{o.dry_run ? t.dryRunResult : o.committed ? t.imported : t.notImportedResult}</h3>
      <p data-testid="import-counts">
        {t.importCounts(o)}
        {o.masters_created.length > 0 && <> ・ {t.mastersAdded}: {o.masters_created.join(t.listSep)}</>}
      </p>
      {o.problems.length > 0 && <Problems list={o.problems} testid="import-problems" />}
      {o.overrides.length > 0 && (
        <>
          <h4>{t.overrides}</h4>
          <Problems list={o.overrides} testid="import-overrides" />
        </>
      )}
      {o.unknown.length > 0 && !o.committed && (
        <>
          <h4>{t.unknownValues}</h4>
          <table className="plain" data-testid="import-unknown">
            <thead>
              <tr><th>{t.field}</th><th>{t.value}</th><th>{t.row}</th><th></th></tr>
            </thead>
            <tbody>
              {o.unknown.map((u, i) => (
                <tr key={i}>
                  <td>{u.field}</td><td>{u.value}</td><td>{u.rows.slice(0, 10).join(", ")}{u.rows.length > 10 ? " …" : ""}</td><td className="muted">{u.master ? t.unknownMasterHint : t.unknownStatusHint}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Problems({ list, testid }: { list: ImportProblemDto[]; testid: string }) {
  const { t } = useApp();
  return (
    <table className="plain" data-testid={testid}>
      <thead>
        <tr><th>{t.sheet}</th><th>{t.row}</th><th>{t.column}</th><th>{t.value}</th><th>{t.reason}</th></tr>
      </thead>
      <tbody>
        {list.slice(0, 500).map((p, i) => (
          <tr key={i}>
            <td>{p.sheet}</td><td>{p.row ?? ""}</td><td>{p.column ?? ""}</td><td>{p.value}</td><td>{p.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
