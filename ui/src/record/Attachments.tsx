// 添付ファイル of a record: add with the file picker or by dropping files on
// the window, open with the OS's default application, remove (recorded).
import { useEffect, useState } from "react";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type { DetailDto } from "../bindings/DetailDto";
import { api } from "../api";
import { useApp } from "../ctx";
import { useReloadingRun } from "./LinkList";

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);

export function Attachments(props: { no: string; files: DetailDto["attachments"]; reload: () => Promise<void> }) {
  const app = useApp();
  const { t } = app;
  const [over, setOver] = useState(false);
  const run = useReloadingRun(props.reload);
  const add = (paths: string[]) => (paths.length ? run(() => api.addAttachments(props.no, paths)) : Promise.resolve());

  // Files dropped on the window while this tab is open go to this record.
  useEffect(() => {
    let stop: (() => void) | undefined;
    let live = true;
    void getCurrentWebview()
      .onDragDropEvent((e) => {
        const p = e.payload;
        if (p.type === "enter" || p.type === "over") setOver(true);
        else if (p.type === "leave") setOver(false);
        else if (p.type === "drop") {
          setOver(false);
          void add(p.paths);
        }
      })
      .then((u) => (live ? (stop = u) : u()));
    return () => {
      live = false;
      stop?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.no]);

  return (
    <div className={`attachments ${over ? "drop-over" : ""}`} data-testid="attachments">
      <div className="inline">
        <button data-testid="pick-attachments" onClick={() => run(async () => add(await api.pickAttachmentFiles()))}>
          {t.addAttachments}
        </button>
        <span className="muted">{t.dropHint}</span>
      </div>
      {props.files.length === 0 ? (
        <p className="muted pad">{t.noAttachments}</p>
      ) : (
        <table className="plain">
          <thead>
            <tr>
              <th>{t.fileName}</th>
              <th>{t.fileSize}</th>
              <th>SHA-256</th>
              <th>{t.addedAt}</th>
              <th>{t.addedBy}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.files.map((a) => (
              <tr key={a.id} data-attachment={a.name}>
                <td>
                  <a onClick={() => run(() => api.openAttachment(props.no, a.id))}>{a.name}</a>
                </td>
                <td className="nowrap">{size(a.size)}</td>
                <td className="mono" title={a.sha256}>{a.sha256.slice(0, 12)}…</td>
                <td className="nowrap">{a.added_at.replace("T", " ").slice(0, 16)}</td>
                <td>{a.added_by}</td>
                <td className="nowrap">
                  <button onClick={() => run(() => api.openAttachment(props.no, a.id))}>{t.open}</button>
                  <button data-remove-attachment={a.name} onClick={() => run(() => api.removeAttachment(props.no, a.id))}>
                    {t.delete}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
