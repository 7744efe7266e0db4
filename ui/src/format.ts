// Pure front-end logic: value display, input parsing/validation, what an
// action still asks for, status colours, remembered grid layout.
// Kept free of React and Tauri so Vitest covers it.
import type { ActionDto } from "./bindings/ActionDto";
import type { FieldDto } from "./bindings/FieldDto";
import type { FieldKind } from "./bindings/FieldKind";
import type { LedgerDto } from "./bindings/LedgerDto";
import type { StatusPhase } from "./bindings/StatusPhase";

/** ISO `2022-09-22` → `2022/9/22`; date-times keep HH:MM. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const d = `${m[1]}/${Number(m[2])}/${Number(m[3])}`;
  return m[4] ? `${d} ${m[4]}:${m[5]}` : d;
}

/** How a grid cell or a read-only field shows a stored value. */
export function formatValue(kind: FieldKind, raw: string | undefined): string {
  if (raw === undefined || raw === null || raw === "") return "";
  switch (kind) {
    case "date":
    case "date_time":
      return formatDate(raw);
    case "int": {
      const n = Number(raw);
      return Number.isFinite(n) ? n.toLocaleString("ja-JP") : raw;
    }
    default:
      return raw;
  }
}

// The date grammar below follows daicho-core's `domain/value.rs` step by step
// (NFKC folding, separators, year range). `date-cases.json` holds the cases
// both sides are tested on: Vitest here, `src-tauri/src/contract.rs` for the core.

/** Folds width variants (全角 digits and separators → ASCII) as the core does. */
export function nfkc(s: string): string {
  return s.normalize("NFKC");
}

const DIGITS = /^\+?\d+$/;

/** ISO text of a calendar date, or null when there is no such day. */
function isoOf(y: number, m: number, d: number): string | null {
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  if (!days || d < 1 || d > days) return null;
  const p = (n: number, w: number) => String(n).padStart(w, "0");
  return `${p(y, 4)}-${p(m, 2)}-${p(d, 2)}`;
}

/** Parses `2022/9/22`, `2022-09-22`, `2022年9月22日`, `20220922`, 全角 → ISO, or null. */
export function parseDate(input: string): string | null {
  const s = nfkc(input.trim()).trim();
  const parts = s
    .replace(/[年月]/g, "/")
    .replace(/日/g, "")
    .replace(/[-.]/g, "/")
    .split("/")
    .filter((p) => p !== "")
    .map((p) => p.trim());
  if (parts.length === 3 && parts.every((p) => DIGITS.test(p))) {
    const [y, m, d] = parts.map(Number);
    if (y >= 1900 && y <= 2999) {
      const iso = isoOf(y, m, d);
      if (iso) return iso;
    }
  }
  if (/^\d{8}$/.test(s)) return isoOf(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6)));
  return null;
}

/** Parses `14:05`, `14時5分`, `14` → `HH:MM`, or null. */
export function parseTime(input: string): string | null {
  const s = nfkc(input.trim()).replace(/時/g, ":").replace(/分/g, "").trim().replace(/:+$/, "");
  const [h, m = "0"] = s.split(":").map((p) => p.trim());
  if (!DIGITS.test(h ?? "") || !DIGITS.test(m)) return null;
  const hh = Number(h), mm = Number(m);
  if (hh > 23 || mm > 59) return null;
  return `${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}`;
}

/** Parses `2022/9/22 14:05` (or ISO `2022-09-22T14:05`) → `2022-09-22T14:05`, or null. */
export function parseDateTime(input: string): string | null {
  const s = nfkc(input.trim()).replace(/T/g, " ").trim();
  const cut = s.indexOf(" ");
  const date = parseDate(cut < 0 ? s : s.slice(0, cut));
  if (!date) return null;
  const time = cut < 0 ? "00:00" : parseTime(s.slice(cut + 1));
  return time && `${date}T${time}`;
}

/** Client-side check of one field; the core checks again and has the last word. */
export function validateField(f: FieldDto, value: string): string | null {
  const v = value.trim();
  if (!v) return f.required ? `${f.label} を入力してください。` : null;
  switch (f.kind) {
    case "date":
      return parseDate(v) ? null : `${f.label}: 日付「${value}」を読み取れません。2022/9/22 の形式で入力してください。`;
    case "date_time":
      return parseDateTime(v) ? null : `${f.label}: 日時「${value}」を読み取れません。2022/9/22 14:05 の形式で入力してください。`;
    case "int":
      return /^-?\d+$/.test(nfkc(v).replace(/[,円]/g, "")) ? null : `${f.label}: 「${value}」は整数ではありません。`;
    case "decimal":
      return /^-?\d+(\.\d+)?$/.test(nfkc(v).replace(/[,人日]/g, "")) ? null : `${f.label}: 「${value}」は数値ではありません。`;
    case "choice":
      return f.options.includes(v) ? null : `${f.label}: 「${value}」は選べません。`;
    default:
      return null;
  }
}

/** Validates every editable field; returns messages by field key. */
export function validateAll(fields: FieldDto[], values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    if (f.system) continue;
    const err = validateField(f, values[f.key] ?? "");
    if (err) out[f.key] = err;
  }
  return out;
}

/** The fields whose value differs from the stored record (empty = cleared). */
export function changedFields(
  original: Record<string, string>,
  edited: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(edited)) {
    if ((original[k] ?? "") !== (v ?? "")) out[k] = v ?? "";
  }
  return out;
}

/** Fields an action still needs from the user (its required fields not yet filled). */
export function missingForAction(a: ActionDto, fields: Record<string, string>): string[] {
  return a.requires.filter((k) => !(fields[k] ?? "").trim());
}

/** Colour family of a status chip: its phase in the flow, as the core names it. */
export function statusTone(ledger: LedgerDto | undefined, status: string): StatusPhase {
  return ledger?.phases[status] ?? "active";
}

export interface GridPrefs {
  hidden: string[];
  widths: Record<string, number>;
}

/** Reads remembered grid layout, dropping anything that no longer fits the schema. */
export function loadPrefs(raw: string | null, keys: string[]): GridPrefs {
  const empty: GridPrefs = { hidden: [], widths: {} };
  if (!raw) return empty;
  try {
    const p = JSON.parse(raw) as Partial<GridPrefs>;
    const hidden = Array.isArray(p.hidden) ? p.hidden.filter((k) => typeof k === "string" && keys.includes(k)) : [];
    const widths: Record<string, number> = {};
    for (const [k, w] of Object.entries(p.widths ?? {})) {
      if (keys.includes(k) && typeof w === "number" && w >= 40 && w <= 1200) widths[k] = Math.round(w);
    }
    return { hidden, widths };
  } catch {
    return empty;
  }
}

/** Default column width for a field kind (px). */
export function defaultWidth(f: FieldDto): number {
  switch (f.kind) {
    case "record_no":
      return 90;
    case "date":
      return 100;
    case "date_time":
      return 140;
    case "status":
      return 150;
    case "long_text":
      return 260;
    case "text":
      return f.key === "title" ? 280 : 140;
    default:
      return 110;
  }
}

/** Which page blocks a visible row range needs (server-side paging). */
export function blocksFor(start: number, end: number, blockSize: number): number[] {
  if (end < start) return [];
  const out: number[] = [];
  for (let b = Math.floor(start / blockSize); b <= Math.floor(end / blockSize); b++) out.push(b);
  return out;
}

/** True when an export failed only because no shared folder is set (then a folder may be picked). */
export function needsFolder(e: { kind: string; message: string }): boolean {
  return e.kind === "invalid" && e.message.includes("共有フォルダが設定されていません");
}

/** The mail drafts a ledger's record offers: 障害連絡 for S-, 案内 for releases. */
export function mailKindsFor(ledgerKey: string): string[] {
  if (ledgerKey === "failure") return ["初報", "定時報", "完了報", "復旧作業開始", "復旧作業完了"];
  if (ledgerKey === "release") return ["リリース予定案内", "リリース案内"];
  return [];
}

/**
 * The wizard's column corrections: only the columns whose chosen field differs
 * from what the import detected ("" = 取り込まない, sent as null).
 */
export function mappingChanges(
  detected: { column: string; field: string | null }[],
  chosen: Record<string, string>,
): { column: string; field: string | null }[] {
  return detected
    .filter((c) => c.column in chosen && (chosen[c.column] || null) !== (c.field || null))
    .map((c) => ({ column: c.column, field: chosen[c.column] || null }));
}

/** The month before the one of an ISO date, as `YYYY-MM` (the レポート default). */
export function previousMonth(isoDate: string): string {
  const [y, m] = isoDate.split("-").map(Number);
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  return `${py}-${String(pm).padStart(2, "0")}`;
}

/** A figure with `digits` decimals, or — when there is none. */
export function formatNumber(n: number | null | undefined, digits = 0): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "—" : n.toFixed(digits);
}
