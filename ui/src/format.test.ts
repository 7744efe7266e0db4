import { describe, expect, it } from "vitest";
import type { LedgerDto } from "./bindings/LedgerDto";
import type { FieldDto } from "./bindings/FieldDto";
import cases from "./date-cases.json";
import {
  blocksFor, formatNumber, mailKindsFor, mappingChanges, needsFolder, previousMonth, changedFields, formatDate, formatValue, loadPrefs,
  missingForAction, parseDate, parseDateTime, statusTone, validateAll, validateField,
} from "./format";

const field = (over: Partial<FieldDto>): FieldDto => ({
  key: "k", label: "項目", kind: "text", options: [], required: false, system: false, ...over,
});

const incident: LedgerDto = {
  key: "incident", label: "インシデント台帳", fields: [], children: [],
  statuses: ["未着手", "方針検討中", "方針検討済", "改修着手済", "本番リリース済", "対応済"],
  phases: { 未着手: "new", 方針検討中: "active", 方針検討済: "active", 改修着手済: "active", 本番リリース済: "done", 対応済: "done" },
  due_field: "due_on",
  actions: [
    { key: "triage", name: "切り分け", from: ["未着手", "方針検討中"], to: "方針検討済", requires: ["kind"], only_when: null, stamps: [] },
    { key: "answer", name: "回答", from: ["方針検討済"], to: "対応済", requires: [], only_when: { field: "kind", values: ["問い合わせ"] }, stamps: [] },
    { key: "start_report", name: "着手報告", from: ["方針検討済"], to: "改修着手済", requires: ["dev_due_on"], only_when: { field: "kind", values: ["障害", "仕様変更"] }, stamps: [] },
  ],
};

describe("dates", () => {
  it("shows ISO dates the Excel way", () => {
    expect(formatDate("2022-09-22")).toBe("2022/9/22");
    expect(formatValue("date_time", "2022-09-02T08:05")).toBe("2022/9/2 08:05");
    expect(formatValue("int", "1200000")).toBe("1,200,000");
    expect(formatValue("text", undefined)).toBe("");
  });
  // The same cases run against the core in src-tauri/src/contract.rs.
  it.each(cases.dates as [string, string | null][])("reads the date «%s» as the core does", (input, want) => {
    expect(parseDate(input)).toBe(want);
  });
  it.each(cases.date_times as [string, string | null][])("reads the date-time «%s» as the core does", (input, want) => {
    expect(parseDateTime(input)).toBe(want);
  });
});

describe("validation", () => {
  it("marks required and malformed values in Japanese", () => {
    expect(validateField(field({ required: true, label: "タイトル" }), " ")).toContain("タイトル");
    expect(validateField(field({ kind: "date", label: "対応期限" }), "2022/13/1")).toContain("日付");
    expect(validateField(field({ kind: "int" }), "１,２００")).toBeNull();
    expect(validateField(field({ kind: "decimal" }), "abc")).toContain("数値");
    expect(validateField(field({ kind: "choice", options: ["費用"] }), "其他")).toContain("選べません");
  });
  it("skips system fields", () => {
    const errs = validateAll([field({ key: "no", system: true, required: true }), field({ key: "title", required: true })], {});
    expect(Object.keys(errs)).toEqual(["title"]);
  });
  it("sends only changed fields, clearing with empty text", () => {
    expect(changedFields({ a: "1", b: "2" }, { a: "1", b: "", c: "x" })).toEqual({ b: "", c: "x" });
  });
});

describe("actions", () => {
  it("asks only for required fields still empty", () => {
    const a = incident.actions[2];
    expect(missingForAction(a, {})).toEqual(["dev_due_on"]);
    expect(missingForAction(a, { dev_due_on: "2022-10-01" })).toEqual([]);
  });
  it("colours statuses by the phase the core gives them", () => {
    expect(statusTone(incident, "未着手")).toBe("new");
    expect(statusTone(incident, "本番リリース済")).toBe("done");
    expect(statusTone(incident, "方針検討済")).toBe("active");
    expect(statusTone(incident, "知らない状態")).toBe("active");
    expect(statusTone(undefined, "未着手")).toBe("active");
  });
});

describe("grid", () => {
  it("restores remembered layout only for known columns and sane widths", () => {
    const p = loadPrefs(JSON.stringify({ hidden: ["title", "gone"], widths: { title: 300.4, no: 5, x: 100 } }), ["no", "title"]);
    expect(p).toEqual({ hidden: ["title"], widths: { title: 300 } });
    expect(loadPrefs("{broken", ["no"])).toEqual({ hidden: [], widths: {} });
  });
  it("computes the page blocks a scroll window needs", () => {
    expect(blocksFor(0, 30, 200)).toEqual([0]);
    expect(blocksFor(190, 420, 200)).toEqual([0, 1, 2]);
    expect(blocksFor(5, 4, 200)).toEqual([]);
  });
});

describe("export helpers", () => {
  it("asks for a folder only when the shared folder is missing", () => {
    expect(needsFolder({ kind: "invalid", message: "共有フォルダが設定されていません。設定画面か…" })).toBe(true);
    expect(needsFolder({ kind: "storage", message: "書き込めません" })).toBe(false);
  });
  it("offers 障害連絡 for S- and 案内 for releases", () => {
    expect(mailKindsFor("failure")).toEqual(["初報", "定時報", "完了報", "復旧作業開始", "復旧作業完了"]);
    expect(mailKindsFor("release")).toEqual(["リリース予定案内", "リリース案内"]);
    expect(mailKindsFor("incident")).toEqual([]);
  });
});

describe("import mapping", () => {
  const detected = [
    { column: "A", field: "no" },
    { column: "B", field: "title" },
    { column: "C", field: null },
  ];
  it("sends only the corrected columns", () => {
    expect(mappingChanges(detected, { A: "no", B: "title", C: "" })).toEqual([]);
    expect(mappingChanges(detected, { A: "no", B: "", C: "summary" })).toEqual([
      { column: "B", field: null },
      { column: "C", field: "summary" },
    ]);
  });
  it("leaves columns the user has not touched as detected", () => {
    expect(mappingChanges(detected, { B: "summary" })).toEqual([{ column: "B", field: "summary" }]);
  });
});

describe("report helpers", () => {
  it("defaults to last month, across the year", () => {
    expect(previousMonth("2026-11-23")).toBe("2026-10");
    expect(previousMonth("2027-01-05")).toBe("2026-12");
  });
  it("shows a missing figure as a dash", () => {
    expect(formatNumber(null, 1)).toBe("—");
    expect(formatNumber(12.345, 1)).toBe("12.3");
  });
});
