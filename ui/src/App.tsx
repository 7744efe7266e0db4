// The window: sidebar navigation, the error banner, the unsaved-change guard
// and Ctrl+K search around the current page.
import { Component, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { AppError } from "./bindings/AppError";
import type { SchemaDto } from "./bindings/SchemaDto";
import { api, toAppError } from "./api";
import { Ctx, type AppCtx, type Masters, type View } from "./ctx";
import { dicts, type Lang } from "./i18n";
import { Home } from "./Home";
import { Grid } from "./Grid";
import { RecordView } from "./record/RecordView";
import { Triage } from "./Triage";
import { Settings } from "./Settings";
import { Import } from "./Import";
import { Reports } from "./Reports";
import { Search } from "./Search";
import { Modal } from "./ui";

/** Shows a render failure as a readable message instead of a blank window. */
class Boundary extends Component<{ children: ReactNode; message: string; onError: (e: AppError) => void }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  componentDidCatch(e: unknown) {
    this.props.onError(toAppError(e));
  }
  render() {
    return this.state.failed ? <div className="pad">{this.props.message}</div> : this.props.children;
  }
}

export function App() {
  const [schema, setSchema] = useState<SchemaDto | null>(null);
  const [masters, setMasters] = useState<Masters>({ org: [], person: [], priority: [], system: [] });
  const [view, setView] = useState<View>({ page: "home" });
  const [error, setError] = useState<AppError | null>(null);
  const [lang, setLang] = useState<Lang>((localStorage.getItem("daicho.lang") as Lang) || "ja");
  // Today as the core sees it (its clock, not the browser's).
  const [today, setToday] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [pending, setPending] = useState<View | null>(null);
  const [viewKey, setViewKey] = useState(0);
  const dirty = useRef(false);
  const t = dicts[lang] ?? dicts.ja;

  const reloadMasters = useCallback(async () => {
    try {
      const [org, person, priority, system] = await Promise.all([
        api.masters("org"),
        api.masters("person"),
        api.masters("priority"),
        api.masters("system"),
      ]);
      const act = (l: { name: string; active: boolean }[]) => l.filter((m) => m.active).map((m) => m.name);
      setMasters({ org: act(org), person: act(person), priority: act(priority), system: act(system) });
    } catch (e) {
      setError(toAppError(e));
    }
  }, []);

  useEffect(() => {
    api.schema().then(setSchema, (e) => setError(toAppError(e)));
    api.today().then(setToday, (e) => setError(toAppError(e)));
    void reloadMasters();
    api.settings().then((s) => s.language && setLang(s.language as Lang), () => undefined);
    const onErr = (ev: ErrorEvent) => setError(toAppError(ev.error ?? ev.message));
    const onRej = (ev: PromiseRejectionEvent) => setError(toAppError(ev.reason));
    window.addEventListener("error", onErr);
    window.addEventListener("unhandledrejection", onRej);
    return () => {
      window.removeEventListener("error", onErr);
      window.removeEventListener("unhandledrejection", onRej);
    };
  }, [reloadMasters]);

  useEffect(() => {
    localStorage.setItem("daicho.lang", lang);
    document.documentElement.lang = lang;
  }, [lang]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setSearching(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const go = useCallback((v: View) => {
    if (dirty.current) {
      setPending(v);
      return;
    }
    setError(null);
    setView(v);
    setViewKey((k) => k + 1);
  }, []);

  const ctx: AppCtx | null = useMemo(
    () =>
      schema && today
        ? {
        schema,
        masters,
        reloadMasters,
        t,
        lang,
        setLang,
        today,
        go,
        showError: (e) => setError(e ? toAppError(e) : null),
        setDirty: (d) => {
          dirty.current = d;
        },
      }
        : null,
    [schema, today, masters, reloadMasters, t, lang, go],
  );

  if (!ctx) {
    return (
      <div className="pad">
        {error ? <div className="error-banner" role="alert">{error.message}</div> : t.loading}
      </div>
    );
  }

  const nav = (label: string, v: View, id: string) => {
    const on =
      view.page === v.page && (!("ledger" in v) || ("ledger" in view && view.ledger === v.ledger));
    return (
      <button className={on ? "on" : ""} data-nav={id} onClick={() => go(v)}>
        {label}
      </button>
    );
  };

  return (
    <Ctx.Provider value={ctx}>
      <div className="app">
        <nav className="side">
          <div className="brand">{t.brand}</div>
          {nav(t.home, { page: "home" }, "home")}
          {schema!.ledgers.map((l) => nav(l.key === "release" ? t.releases : l.label, { page: "ledger", ledger: l.key }, l.key))}
          {nav(t.triage, { page: "triage" }, "triage")}
          {nav(t.reports, { page: "reports" }, "reports")}
          {nav(t.importNav, { page: "import" }, "import")}
          {nav(t.settings, { page: "settings" }, "settings")}
          <span className="spacer" />
          <button data-nav="search" onClick={() => setSearching(true)}>{t.search}</button>
        </nav>
        <main>
          {error && (
            <div className="error-banner" role="alert" data-testid="error">
              <span>{error.message}</span>
              <button onClick={() => setError(null)} aria-label={t.close}>×</button>
            </div>
          )}
          <Boundary key={viewKey} message={t.renderFailed} onError={setError}>
            {view.page === "home" && <Home />}
            {view.page === "ledger" && <Grid key={view.ledger} ledgerKey={view.ledger} />}
            {view.page === "record" && <RecordView key={view.no} no={view.no} ledgerKey={view.ledger} />}
            {view.page === "new" && <RecordView no={null} ledgerKey={view.ledger} />}
            {view.page === "triage" && <Triage />}
            {view.page === "reports" && <Reports />}
            {view.page === "import" && <Import />}
            {view.page === "settings" && <Settings />}
          </Boundary>
        </main>
      </div>
      {searching && <Search onClose={() => setSearching(false)} />}
      {pending && (
        <Modal title={t.unsavedTitle} onClose={() => setPending(null)} testId="unsaved">
          <p>{t.unsavedBody}</p>
          <div className="buttons">
            <button onClick={() => setPending(null)}>{t.cancel}</button>
            <button
              className="danger"
              onClick={() => {
                dirty.current = false;
                const v = pending;
                setPending(null);
                go(v);
              }}
            >
              {t.discard}
            </button>
          </div>
        </Modal>
      )}
    </Ctx.Provider>
  );
}
