// 出力: writing documents to the shared drive (or a folder picked when none is
// set), the result dialog with 「開く」, and the mail-draft dialog.
import { useEffect, useState } from "react";
import type { WrittenDto } from "./bindings/WrittenDto";
import type { MailDraftDto } from "./bindings/MailDraftDto";
import { api, toAppError } from "./api";
import { useApp } from "./ctx";
import { mailKindsFor, needsFolder } from "./format";
import { Modal } from "./ui";

type Writer = (folder: string | null) => Promise<WrittenDto[]>;

/**
 * Runs a writer against the shared drive; when no shared folder is set and
 * `mayPick`, asks for a folder with the native picker instead. Returns the
 * busy flag, the runner and the result dialog to render.
 */
export function useExporter() {
  const app = useApp();
  const { t } = app;
  const [busy, setBusy] = useState(false);
  const [written, setWritten] = useState<WrittenDto[] | null>(null);

  const run = async (write: Writer, mayPick = true) => {
    setBusy(true);
    try {
      let out: WrittenDto[];
      try {
        out = await write(null);
      } catch (e) {
        const err = toAppError(e);
        if (!mayPick || !needsFolder(err)) throw err;
        const folder = await api.pickFolder();
        if (!folder) throw { kind: "invalid", message: t.noSharedFolder };
        out = await write(folder);
      }
      app.showError(null);
      setWritten(out);
    } catch (e) {
      app.showError(toAppError(e));
    } finally {
      setBusy(false);
    }
  };

  const dialog = written && (
    <Modal title={t.written} onClose={() => setWritten(null)} testId="written">
      <ul className="written">
        {written.map((w) => (
          <li key={w.path}>
            <code data-written={w.path}>{w.path}</code>
            {w.pages > 1 && <span className="muted"> ({w.pages}p)</span>}
            {/\.(pdf|xlsx)$/i.test(w.path) && (
              <button onClick={() => api.openDocument(w.path).catch((e) => app.showError(toAppError(e)))}>{t.open}</button>
            )}
            {w.missing_glyphs.length > 0 && (
              <div className="warn">{t.missingGlyphs}: {w.missing_glyphs.join(" ")}</div>
            )}
          </li>
        ))}
      </ul>
      <div className="buttons">
        <button className="primary" onClick={() => setWritten(null)}>{t.close}</button>
      </div>
    </Modal>
  );
  return { busy, run, dialog };
}

/** The record view's 出力 buttons: PDF, Excel, 共有フォルダへ出力, メール文面 (and release documents). */
export function ExportBar({ no, ledgerKey }: { no: string; ledgerKey: string }) {
  const app = useApp();
  const { t } = app;
  const ex = useExporter();
  const [mail, setMail] = useState(false);
  const doc = (kind: string | null, format: string[], mayPick = true) =>
    ex.run((folder) => api.writeDocument(no, kind, format, folder), mayPick);
  const kinds = mailKindsFor(ledgerKey);
  return (
    <div className="actions export-bar" data-testid="export-bar">
      <span className="muted">{t.exportTitle}:</span>
      <button data-export="pdf" disabled={ex.busy} onClick={() => doc(null, ["pdf"])}>{t.exportPdf}</button>
      <button data-export="xlsx" disabled={ex.busy} onClick={() => doc(null, ["xlsx"])}>{t.exportXlsx}</button>
      <button data-export="shared" disabled={ex.busy} onClick={() => doc(null, ["pdf", "xlsx"], false)}>{t.exportShared}</button>
      {ledgerKey === "release" && (
        <>
          <button data-export="verification" disabled={ex.busy} onClick={() => doc("verification_procedure", ["pdf", "xlsx"])}>{t.verificationDoc}</button>
          <button data-export="defects" disabled={ex.busy} onClick={() => doc("defect_list", ["pdf", "xlsx"])}>{t.defectList}</button>
          <button data-export="release-notes" disabled={ex.busy} onClick={() => doc("release_notes", ["pdf", "xlsx"])}>{t.releaseNotesDoc}</button>
          <button data-export="item-docs" disabled={ex.busy} title={t.itemDocsHint}
            onClick={() => ex.run((folder) => api.writeReleaseItemDocs(no, folder))}>{t.itemDocs}</button>
        </>
      )}
      {kinds.length > 0 && <button data-export="mail" onClick={() => setMail(true)}>{t.mailText}</button>}
      {ex.busy && <span className="muted">{t.exporting}</span>}
      {ex.dialog}
      {mail && <MailDialog no={no} kinds={kinds} onClose={() => setMail(false)} run={ex.run} />}
    </div>
  );
}

function MailDialog(props: { no: string; kinds: string[]; onClose: () => void; run: (w: Writer) => Promise<void> }) {
  const app = useApp();
  const { t } = app;
  const [kind, setKind] = useState(props.kinds[0]);
  const [drafts, setDrafts] = useState<MailDraftDto[] | null>(null);
  const [flash, setFlash] = useState("");
  const [sentTo, setSentTo] = useState("");
  const isNotice = props.no.startsWith("S-");
  // 連絡履歴: the notice sent now, to whom, which template (the core's child table).
  const logSent = async () => {
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, "0");
    const at = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
    try {
      await api.addChild(props.no, "contacts", { sent_at: at, kind, recipient: sentTo.trim(), note: `${kind} を送信` });
      setFlash(t.contactLogged);
      app.showError(null);
    } catch (e) {
      app.showError(toAppError(e));
    }
  };
  const load = async (k: string) => {
    setKind(k);
    setFlash("");
    try {
      setDrafts(await api.mailDrafts(k, props.no));
      app.showError(null);
    } catch (e) {
      setDrafts([]);
      app.showError(toAppError(e));
    }
  };
  useEffect(() => {
    void load(props.kinds[0]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setFlash(t.copied);
    } catch (e) {
      app.showError(toAppError(e));
    }
  };
  return (
    <Modal title={`${t.mailText} ${props.no}`} onClose={props.onClose} testId="mail">
      <div className="tabs">
        {props.kinds.map((k) => (
          <button key={k} className={k === kind ? "on" : ""} data-mail-kind={k} onClick={() => load(k)}>{k}</button>
        ))}
        {flash && <span className="flash">{flash}</span>}
      </div>
      {(drafts ?? []).map((d, i) => (
        <div key={i} className="mail-draft">
          <div className="muted">{d.recipient}</div>
          <textarea readOnly rows={12} value={d.text.replace(/\r\n/g, "\n")} data-testid="mail-text" />
          <button onClick={() => copy(d.text)}>{t.copy}</button>
        </div>
      ))}
      {isNotice && (
        <div className="buttons" data-testid="mail-log">
          <input placeholder={t.sentToPlaceholder} value={sentTo} onChange={(e) => setSentTo(e.target.value)} />
          <button disabled={!sentTo.trim() || !drafts?.length} onClick={() => void logSent()}>{t.logSent}</button>
        </div>
      )}
      <div className="buttons">
        <button onClick={props.onClose}>{t.close}</button>
        <button className="primary" disabled={!drafts?.length}
          onClick={() => props.run((folder) => api.saveMailDrafts(kind, props.no, folder))}>{t.save}</button>
      </div>
    </Modal>
  );
}
