// 設定 → バックアップ: the last backup, 「今すぐバックアップ」, and 「復元」 of a
// listed backup after a confirmation. After a restore the whole window
// reloads, since every screen shows data of the replaced database.
import { useEffect, useState } from "react";
import type { BackupsDto } from "./bindings/BackupsDto";
import type { BackupDto } from "./bindings/BackupDto";
import { api } from "./api";
import { useApp } from "./ctx";
import { Modal } from "./ui";

const when = (b: BackupDto) => b.taken_at.replace("T", " ");

export function Backups() {
  const app = useApp();
  const { t } = app;
  const [list, setList] = useState<BackupsDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [flash, setFlash] = useState("");
  const [confirm, setConfirm] = useState<BackupDto | null>(null);
  const load = () => api.backups().then(setList, (e) => app.showError(e));
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const run = async (f: () => Promise<string>) => {
    setBusy(true);
    try {
      setFlash(await f());
      app.showError(null);
      await load();
    } catch (e) {
      app.showError(e as never);
    } finally {
      setBusy(false);
    }
  };
  const backupNow = () =>
    run(async () => {
      const done = await api.backupNow();
      return done.mirror_error ?? t.backupDone(done.backup.name);
    });
  const restore = (b: BackupDto) =>
    run(async () => {
      setConfirm(null);
      await api.restoreBackup(b.path);
      window.location.reload();
      return t.restoreDone(b.name);
    });
  const last = list?.backups[0];
  return (
    <section className="card form backups" data-testid="backups">
      <h3>{t.backups}</h3>
      <div className="row">
        <label>{t.lastBackup}</label>
        <div className="ro" data-testid="last-backup">{last ? `${when(last)} (${last.name})` : t.noBackup}</div>
      </div>
      <div className="row"><label>{t.backupDir}</label><div className="ro">{list?.dir}</div></div>
      <div className="inline">
        <button className="primary" disabled={busy} onClick={backupNow} data-testid="backup-now">{t.backupNow}</button>
        {flash && <span className="flash">{flash}</span>}
      </div>
      <ul className="master">
        {list?.backups.map((b) => (
          <li key={b.name}>
            {when(b)} <span className="muted">{b.name}</span>
            <button disabled={busy} onClick={() => setConfirm(b)}>{t.restore}</button>
          </li>
        ))}
      </ul>
      {confirm && (
        <Modal title={t.restore} onClose={() => setConfirm(null)} testId="restore-confirm">
          <p>{t.restoreConfirm(when(confirm))}</p>
          <div className="inline">
            <button className="primary" disabled={busy} onClick={() => restore(confirm)}>{t.restore}</button>
            <button onClick={() => setConfirm(null)}>{t.cancel}</button>
          </div>
        </Modal>
      )}
    </section>
  );
}
