// The only place that talks IPC. Every call returns the typed result or
// throws an AppError ({kind, message}) with the core's Japanese message.
import { invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { SchemaDto } from "./bindings/SchemaDto";
import type { ListRequest } from "./bindings/ListRequest";
import type { PageDto } from "./bindings/PageDto";
import type { DetailDto } from "./bindings/DetailDto";
import type { RecordDto } from "./bindings/RecordDto";
import type { HistoryDto } from "./bindings/HistoryDto";
import type { HomeDto } from "./bindings/HomeDto";
import type { SearchHitDto } from "./bindings/SearchHitDto";
import type { TriageRequest } from "./bindings/TriageRequest";
import type { TriageResultDto } from "./bindings/TriageResultDto";
import type { MasterDto } from "./bindings/MasterDto";
import type { SettingsDto } from "./bindings/SettingsDto";
import type { ChildRowDto } from "./bindings/ChildRowDto";
import type { AttachmentDto } from "./bindings/AttachmentDto";
import type { WrittenDto } from "./bindings/WrittenDto";
import type { MailDraftDto } from "./bindings/MailDraftDto";
import type { ImportRequest } from "./bindings/ImportRequest";
import type { InspectionDto } from "./bindings/InspectionDto";
import type { ImportOutcomeDto } from "./bindings/ImportOutcomeDto";
import type { MonthlyDto } from "./bindings/MonthlyDto";
import type { BackupsDto } from "./bindings/BackupsDto";
import type { BackupDoneDto } from "./bindings/BackupDoneDto";
import type { RestoreDto } from "./bindings/RestoreDto";

export type Inputs = Record<string, string>;

/** Turns anything thrown into an AppError the banner can show. */
export function toAppError(e: unknown): AppError {
  if (e && typeof e === "object" && "message" in e && "kind" in e) return e as AppError;
  if (typeof e === "string") return { kind: "internal", message: e };
  if (e instanceof Error) return { kind: "internal", message: `予期しないエラー: ${e.message}` };
  return { kind: "internal", message: "予期しないエラーが発生しました。" };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const api = {
  schema: () => call<SchemaDto>("get_schema"),
  list: (req: ListRequest) => call<PageDto>("list_records", { req }),
  detail: (no: string) => call<DetailDto>("get_detail", { no }),
  create: (ledgerKey: string, inputs: Inputs) => call<RecordDto>("create_record", { ledgerKey, inputs }),
  edit: (no: string, inputs: Inputs) => call<RecordDto>("edit_record", { no, inputs }),
  remove: (no: string) => call<void>("delete_record", { no }),
  runAction: (no: string, action: string, date: string | null, inputs: Inputs) =>
    call<RecordDto>("run_action", { no, action, date, inputs }),
  history: (no: string) => call<HistoryDto[]>("record_history", { no }),
  home: (all = false) => call<HomeDto>("get_home", { all }),
  today: () => call<string>("get_today"),
  search: (query: string) => call<SearchHitDto[]>("search_all", { query }),
  triage: (req: TriageRequest) => call<TriageResultDto>("triage_incident", { req }),
  addMember: (version: string, no: string) => call<RecordDto>("add_release_member", { version, no }),
  removeMember: (version: string, no: string) => call<RecordDto>("remove_release_member", { version, no }),
  releaseAction: (version: string, action: string, date: string | null, note: string | null) =>
    call<RecordDto>("release_action", { version, action, date, note }),
  judge: (version: string, ok: boolean, date: string | null, note: string | null) =>
    call<RecordDto>("judge_release", { version, ok, date, note }),
  completeRelease: (version: string, date: string | null) => call<RecordDto>("complete_release", { version, date }),
  addChild: (no: string, child: string, inputs: Inputs) => call<ChildRowDto>("add_child", { no, child, inputs }),
  editChild: (no: string, child: string, id: number, inputs: Inputs) =>
    call<ChildRowDto>("edit_child", { no, child, id, inputs }),
  removeChild: (no: string, child: string, id: number) => call<void>("remove_child", { no, child, id }),
  writeReleaseItemDocs: (version: string, folder: string | null) =>
    call<WrittenDto[]>("write_release_item_documents", { version, folder }),
  pickAttachmentFiles: () => call<string[]>("pick_attachment_files"),
  addAttachments: (no: string, paths: string[]) => call<AttachmentDto[]>("add_attachments", { no, paths }),
  openAttachment: (no: string, id: number) => call<void>("open_attachment", { no, id }),
  removeAttachment: (no: string, id: number) => call<void>("remove_attachment", { no, id }),
  linkSameRoot: (a: string, b: string, link: boolean) => call<void>("link_same_root", { a, b, link }),
  masters: (masterKey: string) => call<MasterDto[]>("list_masters", { masterKey }),
  addMaster: (masterKey: string, name: string, serviceLevel?: string) =>
    call<boolean>("add_master", { masterKey, name, serviceLevel: serviceLevel || null }),
  deactivateMaster: (masterKey: string, name: string) => call<void>("deactivate_master", { masterKey, name }),
  settings: () => call<SettingsDto>("get_settings"),
  saveUserName: (name: string) => call<void>("save_user_name", { name }),
  saveSetting: (key: string, value: string) => call<void>("save_setting", { key, value }),
  backups: () => call<BackupsDto>("list_backups"),
  backupNow: () => call<BackupDoneDto>("backup_now"),
  restoreBackup: (path: string) => call<RestoreDto>("restore_backup", { path }),
  // 出力: folder null = the shared drive (共有フォルダ in 設定).
  writeDocument: (no: string, kind: string | null, format: string[], folder: string | null) =>
    call<WrittenDto[]>("write_record_document", { no, kind, format, folder }),
  exportLedgers: (folder: string | null) => call<WrittenDto[]>("export_ledgers", { folder }),
  mailDrafts: (kind: string, no: string) => call<MailDraftDto[]>("mail_drafts", { kind, no }),
  saveMailDrafts: (kind: string, no: string, folder: string | null) =>
    call<WrittenDto[]>("save_mail_drafts", { kind, no, folder }),
  pickFolder: () => call<string | null>("pick_folder"),
  pickImportFile: () => call<string | null>("pick_import_file"),
  openDocument: (path: string) => call<void>("open_document", { path }),
  inspectImport: (req: ImportRequest) => call<InspectionDto>("inspect_import", { req }),
  runImport: (req: ImportRequest, dryRun: boolean) => call<ImportOutcomeDto>("run_import", { req, dryRun }),
  monthly: (month: string) => call<MonthlyDto>("monthly_figures", { month }),
  saveFindings: (month: string, text: string) => call<void>("save_findings", { month, text }),
  saveTargetCause: (month: string, key: string, text: string) =>
    call<void>("save_target_cause", { month, key, text }),
  writeMonthly: (month: string, folder: string | null) => call<WrittenDto[]>("write_monthly_report", { month, folder }),
  writeWeekly: (date: string, folder: string | null) => call<WrittenDto[]>("write_weekly_pack", { date, folder }),
};
