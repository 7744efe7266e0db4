// 設定: masters (組織, 担当者), user name, database location, shared-drive
// and backup folders, language.
import { useEffect, useState } from "react";
import type { MasterDto } from "./bindings/MasterDto";
import type { SettingsDto } from "./bindings/SettingsDto";
import { api } from "./api";
import { Backups } from "./Backups";
import { ledgerOf, useApp } from "./ctx";
import type { Lang } from "./i18n";

function MasterList({ masterKey, title }: { masterKey: string; title: string }) {
  const app = useApp();
  const [items, setItems] = useState<MasterDto[]>([]);
  const [name, setName] = useState("");
  // 対象システム carry a service level (A/B/C, see DOMAIN.md).
  const levels = masterKey === "system" ? ["A", "B", "C"] : null;
  const [level, setLevel] = useState("");
  const load = () => api.masters(masterKey).then(setItems, (e) => app.showError(e));
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [masterKey]);
  const act = async (f: () => Promise<unknown>) => {
    try {
      await f();
      app.showError(null);
      await load();
      await app.reloadMasters();
    } catch (e) {
      app.showError(e as never);
    }
  };
  return (
    <section className="card" data-testid={`master-${masterKey}`}>
      <h3>{title}</h3>
      <ul className="master">
        {items.map((m) => (
          <li key={m.name} className={m.active ? "" : "muted"}>
            {m.name} {levels && m.service_level && <span data-level={m.service_level}>[{m.service_level}]</span>} {!m.active && app.t.inactive}
            {m.active && <button onClick={() => act(() => api.deactivateMaster(masterKey, m.name))}>{app.t.deactivate}</button>}
          </li>
        ))}
      </ul>
      <div className="inline">
        <input value={name} onChange={(e) => setName(e.target.value)} aria-label={title} />
        {levels && (
          <select value={level} onChange={(e) => setLevel(e.target.value)} aria-label={app.t.serviceLevel} data-testid="service-level">
            <option value="">{app.t.serviceLevel}</option>
            {levels.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        )}
        <button onClick={() => act(async () => { await api.addMaster(masterKey, name, level); setName(""); })}>{app.t.add}</button>
      </div>
    </section>
  );
}

export function Settings() {
  const app = useApp();
  const { t } = app;
  const [s, setS] = useState<SettingsDto | null>(null);
  const [flash, setFlash] = useState("");
  useEffect(() => {
    api.settings().then(setS, (e) => app.showError(e));
  }, [app]);
  if (!s) return <div className="muted pad">{t.loading}</div>;
  const save = async () => {
    try {
      await api.saveUserName(s.user_name);
      await api.saveSetting("shared_root", s.shared_dir);
      await api.saveSetting("backup_dir", s.backup_dir);
      await api.saveSetting("ops_folder", s.ops_folder);
      await api.saveSetting("language", s.language);
      await api.saveSetting("close_approval", s.close_approval);
      app.setLang(s.language as Lang);
      app.showError(null);
      setFlash(t.saved);
    } catch (e) {
      app.showError(e as never);
    }
  };
  return (
    <div className="settings" data-testid="settings">
      <div className="toolbar">
        <h2>{t.settings}</h2>
        <span className="spacer" />
        {flash && <span className="flash">{flash}</span>}
        <button className="primary" onClick={save}>{t.save}</button>
      </div>
      <section className="card form">
        <div className="row"><label>{t.userName}</label><input value={s.user_name} onChange={(e) => setS({ ...s, user_name: e.target.value })} /></div>
        <div className="row"><label>{t.dbPath}</label><div className="ro" data-testid="db-path">{s.db_path}</div></div>
        <div className="row"><label>{t.sharedDir}</label><input value={s.shared_dir} placeholder={t.sharedDirPlaceholder} data-testid="shared-root" onChange={(e) => setS({ ...s, shared_dir: e.target.value })} /></div>
        <div className="row">
          <label>{t.opsFolder}</label>
          <select value={s.ops_folder} data-testid="ops-folder" onChange={(e) => setS({ ...s, ops_folder: e.target.value })}>
            {[...new Set(["10-運用・保守", "10-運用保守", s.ops_folder])].map((n) => <option key={n}>{n}</option>)}
          </select>
        </div>
        <div className="row"><label>{t.backupDir}</label><input value={s.backup_dir} onChange={(e) => setS({ ...s, backup_dir: e.target.value })} /></div>
        <div className="row">
          <label>{t.language}</label>
          <select value={s.language} onChange={(e) => setS({ ...s, language: e.target.value })}>
            <option value="ja">{t.langJa}</option>
            <option value="en">{t.langEn}</option>
          </select>
        </div>
        <div className="row" data-testid="close-approval">
          <label>{t.closeApproval}</label>
          <div>
            {(["incident", "failure", "change"] as const).map((k) => {
              const on = s.close_approval.split(/[,\s]+/).includes(k);
              const toggle = () => {
                const rest = s.close_approval.split(/[,\s]+/).filter((x) => x && x !== k);
                setS({ ...s, close_approval: (on ? rest : [...rest, k]).join(",") });
              };
              return (
                <label key={k} className="inline">
                  <input type="checkbox" checked={on} onChange={toggle} /> {ledgerOf(app.schema, k).label}
                </label>
              );
            })}
          </div>
        </div>
      </section>
      <Backups />
      <div className="two">
        <MasterList masterKey="org" title={`${t.masters}: ${t.orgMaster}`} />
        <MasterList masterKey="person" title={`${t.masters}: ${t.personMaster}`} />
      </div>
      <div className="two">
        <MasterList masterKey="system" title={`${t.masters}: ${t.systemMaster}`} />
      </div>
    </div>
  );
}
